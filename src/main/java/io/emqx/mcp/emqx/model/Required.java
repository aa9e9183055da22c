package io.emqx.mcp.emqx.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field EMQX always sends (its source says so): an answer without it, or with null, is not one
 * EMQX gives, and the EMQX client refuses it as a bad response instead of passing a null on to a
 * tool. Primitive components are required without saying so.
 *
 * <p>On a tool's result record it means the same from the other side: the component is always in
 * the result, so the output schema derived from the record lists it as required.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({
  ElementType.RECORD_COMPONENT,
  ElementType.PARAMETER,
  ElementType.FIELD,
  ElementType.METHOD
})
public @interface Required {}
