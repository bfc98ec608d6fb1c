package io.irflow.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param demo demo users and data, on for the embedded default
 * @param admin the first administrator when demo data is off, from IRFLOW_ADMIN_USER and IRFLOW_ADMIN_PASSWORD
 */
@ConfigurationProperties("irflow")
public record IdentityProperties(Demo demo, Admin admin) {

  public IdentityProperties {
    demo = demo == null ? new Demo(false) : demo;
    admin = admin == null ? new Admin(null, null) : admin;
  }

  public record Demo(boolean enabled) {}

  public record Admin(String user, String password) {

    boolean isConfigured() {
      return user != null && !user.isBlank() && password != null && !password.isBlank();
    }

    @Override
    public String toString() {
      return "Admin[user=" + user + ", password=****]";
    }
  }
}
