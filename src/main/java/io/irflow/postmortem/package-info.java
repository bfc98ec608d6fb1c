/** Post-incident activity: timeline, post-mortem, repair items, transparency towards customers. */
package io.irflow.postmortem;
