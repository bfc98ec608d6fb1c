package io.irflow.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/** Sends a notice as one mail, plain text and HTML, to the recipient's addresses only. */
@Component
class MailChannel {

  private final JavaMailSender mail;
  private final MessageTemplates templates;
  private final NotificationProperties properties;

  MailChannel(JavaMailSender mail, MessageTemplates templates, NotificationProperties properties) {
    this.mail = mail;
    this.templates = templates;
    this.properties = properties;
  }

  void send(Notice notice, Recipient recipient, String idempotencyKey) {
    try {
      MimeMessage message = mail.createMimeMessage();
      MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
      helper.setFrom(properties.from());
      helper.setTo(recipient.mail().toArray(String[]::new));
      helper.setSubject(notice.sentSubject());
      helper.setText(templates.text(notice, idempotencyKey), templates.html(notice, idempotencyKey));
      message.setHeader("X-Irflow-Idempotency-Key", idempotencyKey);
      message.setHeader("X-Irflow-Incident", notice.incidentId());
      mail.send(message);
    } catch (MessagingException | MailException e) {
      throw new DeliveryFailedException("Mail for " + notice.kind() + " of " + notice.incidentId() + " to "
          + recipient.name() + " was not accepted by the SMTP server: " + e.getMessage(), e);
    }
  }
}
