package io.irflow.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * A Spring Boot test on the embedded default: an H2 file database (a fresh one per application
 * context, under target/) with demo users on. Combine with {@code @SpringBootTest}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:file:./target/h2/irflow-${random.uuid};DB_CLOSE_ON_EXIT=FALSE")
public @interface H2Test {}
