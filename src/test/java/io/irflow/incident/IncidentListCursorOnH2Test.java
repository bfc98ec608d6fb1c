package io.irflow.incident;

import io.irflow.testsupport.H2Test;
import org.springframework.boot.test.context.SpringBootTest;

/** The incident list's cursor on the embedded H2 database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@H2Test
class IncidentListCursorOnH2Test extends IncidentListCursor {}
