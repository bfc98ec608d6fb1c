package io.irflow.observable;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Set;

/**
 * The STIX 2.1 bundle schema of OASIS (vendored under {@code stix2.1-schema/}, see its SOURCE.md): the schemas name
 * each other by their GitHub address, which is mapped to the copy on the test class path, so nothing is fetched.
 */
final class StixSchema {

  static final String PUBLISHED = "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/";
  private static final JsonSchema BUNDLE = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
          builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(PUBLISHED, "classpath:stix2.1-schema/schemas/")))
      .getSchema(SchemaLocation.of(PUBLISHED + "common/bundle.json"));

  /** What the schema finds wrong with the bundle; empty when it is a valid STIX 2.1 bundle. */
  static Set<ValidationMessage> problems(JsonNode bundle) {
    return BUNDLE.validate(bundle);
  }

  private StixSchema() {}
}
