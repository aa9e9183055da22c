package io.emqx.mcp.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The layers of the packages, bottom to top; a class may use its own layer and those below it,
 * never one above or beside it:
 *
 * <ol>
 *   <li>{@code Json} (the one mapper), {@code topic} (the MQTT topic grammar and rule matching) and
 *       {@code work} (the fair queue for CPU turns that the HTTP server, the runner and the EMQX
 *       client share): vocabulary every layer shares, importing nothing of ours;
 *   <li>{@code config}: settings read once, as values;
 *   <li>{@code emqx} (the REST client) and {@code mqtt} (the broker connection), side by side;
 *   <li>{@code diagnosis}: judges EMQX answers;
 *   <li>{@code tools}: the tool units, their runner and the one error mapping;
 *   <li>{@code policy}: the operator's guard, a decorator over tool specs;
 *   <li>{@code server}: builds the MCP server; {@code transport}: stdio and HTTP around it;
 *   <li>the launchers ({@code Main}, {@code HttpLauncher}, {@code CommandLine}, {@code
 *       LogRedaction}).
 * </ol>
 *
 * <p>The fake EMQX ({@code mock}) is a product of its own: it imports none of ours, and only {@code
 * Main} ({@code --mock-emqx}) imports it.
 */
@AnalyzeClasses(packages = "io.emqx.mcp", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final DescribedPredicate<JavaClass> JSON =
      resideInAPackage("io.emqx.mcp").and(simpleName("Json")).as("Json");
  private static final DescribedPredicate<JavaClass> LAUNCHERS =
      resideInAPackage("io.emqx.mcp").and(not(simpleName("Json"))).as("the launchers");

  /**
   * The layers that may use others, bottom to top ({@code Emqx} and {@code Mqtt} side by side, as
   * are {@code Topic} and {@code Work}, which only {@code Config} and above use).
   */
  private static final List<String> UPWARD =
      List.of(
          "Topic",
          "Config",
          "Emqx",
          "Mqtt",
          "Diagnosis",
          "Tools",
          "Policy",
          "Server",
          "Transport",
          "Launch");

  /** {@code lowest} and every layer above it. */
  private static String[] fromLayerUp(String lowest) {
    return UPWARD.subList(UPWARD.indexOf(lowest), UPWARD.size()).toArray(String[]::new);
  }

  @ArchTest
  static final ArchRule layers =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("Json")
          .definedBy(JSON)
          .layer("Topic")
          .definedBy("io.emqx.mcp.topic..")
          .layer("Work")
          .definedBy("io.emqx.mcp.work..")
          .layer("Config")
          .definedBy("io.emqx.mcp.config..")
          .layer("Emqx")
          .definedBy("io.emqx.mcp.emqx..")
          .layer("Mqtt")
          .definedBy("io.emqx.mcp.mqtt..")
          .layer("Diagnosis")
          .definedBy("io.emqx.mcp.diagnosis..")
          .layer("Tools")
          .definedBy("io.emqx.mcp.tools..")
          .layer("Policy")
          .definedBy("io.emqx.mcp.policy..")
          .layer("Server")
          .definedBy("io.emqx.mcp.server..")
          .layer("Transport")
          .definedBy("io.emqx.mcp.transport..")
          .layer("Launch")
          .definedBy(LAUNCHERS)
          .layer("Mock")
          .definedBy("io.emqx.mcp.mock..")
          .whereLayer("Launch")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("Transport")
          .mayOnlyBeAccessedByLayers(fromLayerUp("Launch"))
          .whereLayer("Server")
          .mayOnlyBeAccessedByLayers(fromLayerUp("Transport"))
          .whereLayer("Policy")
          .mayOnlyBeAccessedByLayers(fromLayerUp("Server"))
          .whereLayer("Tools")
          .mayOnlyBeAccessedByLayers(fromLayerUp("Policy"))
          .whereLayer("Diagnosis")
          .mayOnlyBeAccessedByLayers(fromLayerUp("Tools"))
          .whereLayer("Emqx")
          .mayOnlyBeAccessedByLayers(fromLayerUp("Diagnosis"))
          .whereLayer("Mqtt")
          .mayOnlyBeAccessedByLayers(fromLayerUp("Diagnosis"))
          .whereLayer("Config")
          .mayOnlyBeAccessedByLayers(fromLayerUp("Emqx"))
          .whereLayer("Topic")
          .mayOnlyBeAccessedByLayers(fromLayerUp("Config"))
          .whereLayer("Work")
          .mayOnlyBeAccessedByLayers(fromLayerUp("Config"))
          .whereLayer("Json")
          .mayOnlyBeAccessedByLayers(fromLayerUp("Topic"))
          .whereLayer("Mock")
          .mayOnlyBeAccessedByLayers("Launch");

  /** The fake EMQX stands alone: it could ship as its own jar. */
  @ArchTest
  static final ArchRule mockImportsNoProductCode =
      noClasses()
          .that()
          .resideInAPackage("io.emqx.mcp.mock..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("io.emqx.mcp..").and(not(resideInAPackage("io.emqx.mcp.mock.."))))
          .as("the fake EMQX imports no product code");

  /** Product code reaches the fake only through the {@code --mock-emqx} flag, in Main. */
  @ArchTest
  static final ArchRule onlyMainImportsMock =
      noClasses()
          .that(
              resideInAPackage("io.emqx.mcp..")
                  .and(not(resideInAPackage("io.emqx.mcp.mock..")))
                  .and(not(resideInAPackage("io.emqx.mcp").and(simpleName("Main")))))
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.emqx.mcp.mock..")
          .as("only Main (--mock-emqx) imports the fake EMQX");
}
