package io.irflow.system;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.OffsetDateTime;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * JSON bodies of the product's API are read as written: a number is not a title, {@code 1} and {@code "true"} are not
 * booleans, {@code ""} is not a list or a date, an object or a list is not a text. A value of the wrong type is a 400
 * that names the field ({@link ApiProblems}) instead of a guess. Anything after the JSON value is refused too: such a
 * body is not JSON.
 *
 * <p>Kept as before, because clients rely on them and nothing unprocessable gets through: unknown properties are
 * ignored (detection tools send fields of their own; an ignored field is never stored), and of a key given twice the
 * last value counts.
 *
 * <p>This configures Spring MVC's ObjectMapper only; Camunda's REST API has its own and keeps its behaviour.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

  @Bean
  Jackson2ObjectMapperBuilderCustomizer strictJsonTypes() {
    return builder -> builder
        .deserializerByType(OffsetDateTime.class, new TextualOffsetDateTime())
        .featuresToDisable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .featuresToEnable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .postConfigurer(mapper -> {
          mapper.coercionConfigFor(LogicalType.Textual)
              .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
              .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
              .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
          mapper.coercionConfigFor(LogicalType.Boolean)
              .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
              .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
              .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
              .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
          for (LogicalType number : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
            mapper.coercionConfigFor(number)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
          }
          mapper.coercionConfigFor(LogicalType.DateTime)
              .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
          mapper.coercionConfigFor(LogicalType.Collection)
              .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
              .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        });
  }

  /**
   * An ISO-8601 text only: Jackson's own reader would also take a number as seconds since 1970 (its coercion settings
   * do not reach the java.time readers), which a detection tool sending milliseconds would turn into 1970 or 55000.
   */
  static final class TextualOffsetDateTime extends JsonDeserializer<OffsetDateTime> {

    @Override
    public OffsetDateTime deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (!parser.hasToken(JsonToken.VALUE_STRING)) {
        return (OffsetDateTime) context.handleUnexpectedToken(OffsetDateTime.class, parser);
      }
      return InstantDeserializer.OFFSET_DATE_TIME.deserialize(parser, context);
    }
  }
}
