/**
 * Test support: the type of a block of JSON (or YAML) that the code under test produces, as the
 * tests read it.
 */

/**
 * A block of generated JSON: a resource, data source, output or nested block of synthesized
 * Terraform JSON, or a part of the JCasC document. Its shape depends on the resource type or
 * plugin, which a test knows and the type checker does not (the provider's generated types
 * describe the camelCase construct props, not the snake_case JSON); tests navigate it by the
 * attribute names Terraform or the plugin documents, and a wrong path fails the assertion. This
 * is the one deliberately loose type of the test tree; product code reads such JSON as
 * `unknown` (lib/policy/json-values.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- generated JSON whose shape depends on the resource type; tests navigate it and their assertions check it
export type JsonBlock = Record<string, any>;
