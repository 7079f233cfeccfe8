import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.strimzi.api.kafka.model.bridge.KafkaBridge;
import io.strimzi.api.kafka.model.connect.KafkaConnect;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.rebalance.KafkaRebalance;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.File;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks Strimzi manifests against Strimzi's own API model (io.strimzi:api): every YAML document
 * is deserialised into its model class strictly, so a field that the model does not have at that
 * place (a typo, or a field of another resource) is an error with its path, as is a value of the
 * wrong type or an unknown `type` of a listener, storage or authentication. The model classes
 * normally keep unknown fields in `additionalProperties` (the operator only logs a warning about
 * them); that catch-all is switched off here, because a warning in an operator log is exactly
 * what a learner never sees. Prints one JSON object per document on stdout.
 */
public final class StrimziValidator {
  private static final String API_VERSION = "kafka.strimzi.io/v1";

  private static final Map<String, Class<?>> KINDS =
      Map.of(
          Kafka.RESOURCE_KIND, Kafka.class,
          KafkaNodePool.RESOURCE_KIND, KafkaNodePool.class,
          KafkaTopic.RESOURCE_KIND, KafkaTopic.class,
          KafkaUser.RESOURCE_KIND, KafkaUser.class,
          KafkaConnect.RESOURCE_KIND, KafkaConnect.class,
          KafkaConnector.RESOURCE_KIND, KafkaConnector.class,
          KafkaMirrorMaker2.RESOURCE_KIND, KafkaMirrorMaker2.class,
          KafkaBridge.RESOURCE_KIND, KafkaBridge.class,
          KafkaRebalance.RESOURCE_KIND, KafkaRebalance.class);

  private StrimziValidator() {}

  public static void main(String[] args) throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    ObjectMapper json = new ObjectMapper();
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    List<JsonNode> docs = new ArrayList<>();
    try (var it = yaml.readerFor(JsonNode.class).<JsonNode>readValues(new File(args[0]))) {
      while (it.hasNext()) docs.add(it.next());
    }
    for (int i = 0; i < docs.size(); i++) {
      JsonNode doc = docs.get(i);
      if (doc == null || doc.isNull() || doc.isMissingNode()) continue;
      out.add(validate(i, doc));
    }
    System.out.println(json.writeValueAsString(out));
  }

  private static ObjectNode validate(int index, JsonNode doc) {
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    ArrayNode errors = result.putArray("errors");
    result.put("index", index);
    String kind = doc.path("kind").asText("");
    result.put("kind", kind);
    result.put("name", doc.path("metadata").path("name").asText(""));
    String apiVersion = doc.path("apiVersion").asText("");
    if (!API_VERSION.equals(apiVersion)) {
      error(errors, "apiVersion",
          "is " + (apiVersion.isEmpty() ? "missing" : apiVersion) + "; Strimzi 1.x serves only " + API_VERSION
              + " (v1beta2 was removed in Strimzi 1.0)");
    }
    Class<?> type = KINDS.get(kind);
    if (type == null) {
      error(errors, "kind", "is " + (kind.isEmpty() ? "missing" : kind) + ", not a Strimzi resource; Strimzi's kinds are "
          + new TreeSet<>(KINDS.keySet()));
      return result;
    }
    List<String[]> unknown = new ArrayList<>();
    ObjectMapper strict = strictMapper(unknown);
    try {
      Object model = strict.treeToValue(doc, type);
      for (String[] u : unknown) error(errors, u[0], u[1]);
      dropped(doc, PLAIN.valueToTree(model), "", unknown.stream().map(u -> u[0]).toList(), errors);
      return result;
    } catch (JsonMappingException e) {
      error(errors, path(e.getPath()), simpleNames(e.getOriginalMessage()));
    } catch (Exception e) {
      error(errors, "", e.getMessage());
    }
    for (String[] u : unknown) error(errors, u[0], u[1]);
    return result;
  }

  /** Writes every property the model holds, defaults included (Strimzi leaves some out when default). */
  private static final ObjectMapper PLAIN =
      new ObjectMapper()
          .setAnnotationIntrospector(
              new JacksonAnnotationIntrospector() {
                @Override
                public JsonInclude.Value findPropertyInclusion(Annotated a) {
                  return JsonInclude.Value.empty();
                }
              })
          .setDefaultPropertyInclusion(JsonInclude.Include.ALWAYS);

  /**
   * Text the model read but could not keep: an enum such as a node pool role is read as null
   * when it is not one of its values (the Kubernetes API server would refuse it by the CRD's
   * schema, which the model classes do not carry), so a value present in the input and gone
   * after a round trip through the model is an error at its path.
   */
  private static void dropped(JsonNode in, JsonNode out, String at, List<String> reported, ArrayNode errors) {
    if (reported.contains(at)) return;
    if (in.isObject()) {
      for (var it = in.properties().iterator(); it.hasNext(); ) {
        var e = it.next();
        String path = at.isEmpty() ? e.getKey() : at + "." + e.getKey();
        JsonNode o = out == null ? null : out.get(e.getKey());
        dropped(e.getValue(), o, path, reported, errors);
      }
    } else if (in.isArray()) {
      for (int i = 0; i < in.size(); i++) {
        JsonNode o = out != null && out.isArray() && i < out.size() ? out.get(i) : null;
        dropped(in.get(i), o, at + "[" + i + "]", reported, errors);
      }
    } else if (in.isTextual() && (out == null || out.isNull())) {
      error(errors, at, "\"" + in.asText() + "\" is not a value Strimzi accepts here");
    }
  }

  /** A mapper that fails on every field the model does not declare, collecting them all. */
  private static ObjectMapper strictMapper(List<String[]> unknown) {
    ObjectMapper m = new ObjectMapper();
    m.setAnnotationIntrospector(
        new JacksonAnnotationIntrospector() {
          @Override
          public Boolean hasAnySetter(Annotated a) {
            return Boolean.FALSE;
          }
        });
    m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    m.addHandler(
        new DeserializationProblemHandler() {
          @Override
          public boolean handleUnknownProperty(
              DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer, Object bean, String name)
              throws java.io.IOException {
            String where = p.getParsingContext().pathAsPointer().toString().substring(1)
                .replaceAll("/(\\d+)(?=/|$)", "[$1]").replace('/', '.');
            Collection<Object> known = deserializer.getKnownPropertyNames();
            String owner = bean instanceof Class<?> c ? c.getSimpleName() : bean.getClass().getSimpleName();
            unknown.add(new String[] {
                where, "is not a field of " + owner + " here; its fields are " + new TreeSet<>(known.stream().map(String::valueOf).filter(k -> !k.equals("additionalProperties")).toList())});
            p.skipChildren();
            return true;
          }
        });
    return m;
  }

  /** Jackson's message without Java package names and its "(for POJO property …)" tail. */
  private static String simpleNames(String message) {
    return message
        .replaceAll(" \\((?:for POJO property|class) [^)]*\\)", "")
        .replaceAll("`(?:[a-z0-9]+\\.)+([A-Za-z0-9$]+)`", "$1");
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
      else if (r.getIndex() >= 0) b.append('[').append(r.getIndex()).append(']');
    }
    return b.toString();
  }

  private static void error(ArrayNode errors, String path, String message) {
    errors.addObject().put("path", path).put("message", message);
  }
}
