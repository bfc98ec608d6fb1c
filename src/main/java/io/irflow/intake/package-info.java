/** How alerts and reports enter the product: deduplicated and correlated on database constraints. */
package io.irflow.intake;
