/** Messages to managers, on-call and customers: composed here, recorded once, delivered by channel. */
package io.irflow.notification;
