package io.irflow.asset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AssetKindsTest {

  @ParameterizedTest(name = "{0} is a {1}")
  @CsvSource(delimiter = '|', value = {
      "s3://acme-exports/2026/11            | bucket",
      "arn:aws:s3:::acme-exports            | bucket",
      "gs://globex-backups                  | bucket",
      "https://acmedata.blob.core.windows.net/exports | bucket",
      "bucket:acme-exports                  | bucket",
      "j.doe@acme.example                   | account",
      "user:svc-backup                      | account",
      "account:root                         | account",
      "arn:aws:iam::111111111111:user/deploy | account",
      "arn:aws:iam::111111111111:role/Admin | account",
      "CORP\\jdoe                           | account",
      "postgres://db-billing-02:5432/billing | database",
      "jdbc:mysql://10.0.4.7/shop           | database",
      "arn:aws:rds:eu-central-1:111111111111:db:billing | database",
      "db:billing                           | database",
      "https://api.irflow.example/v1        | service",
      "arn:aws:lambda:eu-west-1:111111111111:function:export | service",
      "service:payments-api                 | service",
      "web-07.prod.irflow.example           | host",
      "10.0.4.7                             | host",
      "host:build-agent-3                   | host",
      "i-0abc123def4567890                  | host"})
  void guessesTheKindFromTheIdentifier(String identifier, String kind) {
    assertThat(AssetKinds.guess(identifier)).isEqualTo(kind);
  }

  @ParameterizedTest
  @CsvSource(nullValues = "none", value = {
      "arn:aws:iam::111111111111:user/deploy, 111111111111",
      "arn:aws:s3:::acme-exports, none",
      "web-07, none"})
  void readsTheCloudAccountOfAnArn(String identifier, String account) {
    assertThat(AssetKinds.awsAccount(identifier)).isEqualTo(account);
  }
}
