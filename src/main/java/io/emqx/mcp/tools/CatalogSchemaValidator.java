package io.emqx.mcp.tools;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The JSON Schema validator the SDK runs, made cheap for the catalog's own schemas. The SDK checks
 * every tool's schemas against the 2020-12 meta-schema when the server is built, and every
 * structured result against its tool's output schema. With its networknt validator that costs about
 * 50 ms and 600 classes at every start, before {@code initialize} can be answered, and tens of
 * microseconds per call.
 *
 * <p>The catalog's schemas are fixed in code and built by {@link Schema} from the keywords that
 * {@link ArgumentCheck} knows, so: their meta-schema check runs in the tests ({@code
 * CatalogSchemaValidatorTest}) instead of at every start, and results are checked by {@link
 * ArgumentCheck#resultProblems}, strictly. Any other schema (say, an elicitation form) goes to the
 * full validator, built on first need.
 */
public final class CatalogSchemaValidator implements JsonSchemaValidator {

  private final Set<Map<String, Object>> catalog =
      Collections.newSetFromMap(new IdentityHashMap<>());
  private final Supplier<JsonSchemaValidator> fullValidator;
  private volatile JsonSchemaValidator full;

  /**
   * @param fullValidator makes the validator for schemas that are not the catalog's
   */
  public CatalogSchemaValidator(List<ToolSpec> tools, Supplier<JsonSchemaValidator> fullValidator) {
    for (ToolSpec tool : tools) {
      catalog.add(tool.inputSchema());
      if (tool.outputSchema() != null) {
        catalog.add(tool.outputSchema());
      }
    }
    this.fullValidator = fullValidator;
  }

  /** Also trusts {@code schema}, another schema fixed in code (the server's hidden tool's). */
  public CatalogSchemaValidator trusting(Map<String, Object> schema) {
    catalog.add(schema);
    return this;
  }

  @Override
  public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
    if (!catalog.contains(schema)) {
      return full().validate(schema, structuredContent);
    }
    List<String> problems = ArgumentCheck.resultProblems(schema, structuredContent);
    // The SDK only reads the JSON text when a result has no content; Results always adds its text.
    return problems.isEmpty()
        ? ValidationResponse.asValid(null)
        : ValidationResponse.asInvalid(String.join("; ", problems));
  }

  @Override
  public ValidationResponse validateSchema(Map<String, Object> schema) {
    return catalog.contains(schema)
        ? ValidationResponse.asValid(null)
        : full().validateSchema(schema);
  }

  private JsonSchemaValidator full() {
    JsonSchemaValidator v = full;
    if (v == null) {
      synchronized (this) {
        v = full;
        if (v == null) {
          v = fullValidator.get();
          full = v;
        }
      }
    }
    return v;
  }
}
