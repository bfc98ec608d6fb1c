package io.irflow;

import io.irflow.audit.AuditVerifier;
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
    if (args.length > 0 && AuditVerifier.COMMAND.equals(args[0])) {
      // Offline verification of an audit export: no Spring, no database.
      System.exit(AuditVerifier.run(args, System.out, System.err));
    }
    SpringApplication.run(IrflowApplication.class, args);
  }
}
