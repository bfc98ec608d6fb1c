package io.irflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** irflow: security incident response as executable BPMN on Camunda 7. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class IrflowApplication {

  public static void main(String[] args) {
    SpringApplication.run(IrflowApplication.class, args);
  }
}
