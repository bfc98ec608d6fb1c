package io.irflow.obligation;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The provider's profile and the product's obligation settings (README, "Obligations").
 *
 * @param providerName the provider's legal name, as filings name it
 * @param regimes the regimes the provider itself is subject to, e.g. {@code GDPR,NIS2} for an EU cloud provider,
 *     {@code SEC} for a listed company, {@code CERT-IN} when it operates in India ({@code IRFLOW_REGIMES})
 * @param customerNoticeWindow the contractual window for telling a customer, where the customer directory sets none
 * @param warnAtShare managers are warned when this share of an obligation's window has passed
 * @param doraNoticeWindow the window for giving a financial-entity customer what it needs for its DORA initial
 *     notification, after the incident is classified major, where the customer directory sets none; 4 hours by default
 */
@ConfigurationProperties("irflow.obligations")
public record ObligationProperties(String providerName, List<String> regimes, Duration customerNoticeWindow, Double warnAtShare,
    Duration doraNoticeWindow) {

  public ObligationProperties {
    providerName = providerName == null || providerName.isBlank() ? "the provider" : providerName.trim();
    regimes = regimes == null ? List.of() : regimes.stream().map(String::trim).filter(r -> !r.isEmpty())
        .map(String::toUpperCase).toList();
    customerNoticeWindow = customerNoticeWindow == null ? Duration.ofHours(72) : customerNoticeWindow;
    warnAtShare = warnAtShare == null ? 0.75 : warnAtShare;
    doraNoticeWindow = doraNoticeWindow == null ? Duration.ofHours(4) : doraNoticeWindow;
    if (warnAtShare <= 0 || warnAtShare >= 1) {
      throw new IllegalArgumentException("irflow.obligations.warn-at-share must be between 0 and 1");
    }
  }
}
