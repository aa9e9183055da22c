package io.emqx.mcp.topic;

import static io.emqx.mcp.topic.TopicRules.Permission.READ;
import static io.emqx.mcp.topic.TopicRules.Permission.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.topic.TopicRules.Rule;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * EMQX 6's queue and stream prefixes and 6.2's '?' message filters are judged by the topics they
 * deliver, so a policy on devices/# cannot be side-stepped through them.
 */
class SixPrefixesTest {

  static final TopicRules POLICY =
      TopicRules.of(
          List.of(
              new Rule("devices/#", Set.of(READ, WRITE), ""),
              new Rule("public/#", Set.of(READ), "")));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "$q/devices/#                  | true", // the queue bound to devices/#
        "$q/secret/#                   | false",
        "$q/+/x                        | false", // '+' reaches beyond devices
        "$s/earliest/devices/x         | true",
        "$s/1700000000/secret/#        | false",
        "$stream/s1/devices/#          | true",
        "$stream/s1                    | false", // the stream's own filter: unknown, so every topic
        "devices/#?qos=1               | true", // 6.2: the filter before '?'
        "devices/x?qos=1&retain=true   | true",
        "secret/x?qos=1                | false",
        "secret/#?qos=1                | false",
        "$share/g/secret/#?qos=1       | false",
        "$share/g/devices/+?qos=1      | true",
        "public/?x/../../secret/#      | true", // the base is public/ and the literal public/...
        "$q/devices/#?qos=1            | false", // EMQX refuses it; literally a $q topic
        "$queue/devices/x              | false", // EMQX 6: the queue 'devices' of topic x
        "$queue/public/devices/#       | true", // 5.x: public/devices/#; 6.x: devices/#
        "$queue/public/secret/#        | false", // 6.x: the queue 'public' of secret/#
      })
  void subscribe_isJudgedByWhatItDelivers(String filter, boolean allowed) {
    TopicRules.Decision d = POLICY.checkSubscribe(filter);
    assertEquals(allowed, d.allowed(), filter + ": " + d.reason());
  }

  @ParameterizedTest
  @CsvSource({"$q/devices/x", "$s/earliest/devices/x", "devices/x?qos=1"})
  void publish_isLiteral(String topic) {
    // A publish names a topic: EMQX gives these no meaning there, so only a pattern on the literal
    // topic allows them ('devices/x?qos=1' is a topic under devices/#).
    assertEquals(topic.startsWith("devices/"), POLICY.checkPublish(topic).allowed(), topic);
  }

  /** Any prefix form of a filter is allowed only if the plain filter is. */
  @Property(tries = 400)
  void aPrefixNeverWidensAFilter(@ForAll("filters") String filter, @ForAll("forms") String form) {
    String wrapped = form.replace("F", filter);
    if (Topics.filterProblem(wrapped) != null) {
      return;
    }
    boolean plain = POLICY.checkSubscribe(filter).allowed();
    assertTrue(plain || !POLICY.checkSubscribe(wrapped).allowed(), wrapped);
  }

  @Provide
  Arbitrary<String> filters() {
    return Arbitraries.of("devices", "public", "secret", "+", "x", "$SYS")
        .list()
        .ofMinSize(1)
        .ofMaxSize(3)
        .map(l -> String.join("/", l))
        .flatMap(f -> Arbitraries.of(f, f + "/#", f + "/+"));
  }

  @Provide
  Arbitrary<String> forms() {
    return Arbitraries.of(
        "$q/F",
        "$s/latest/F",
        "$stream/n/F",
        "F?qos=1",
        "$share/g/F?a=b",
        "$queue/F",
        "$exclusive/F");
  }
}
