/**
 * The configuration schema (schema.ts) with the cross-field step (lib/config/rules/index.ts)
 * attached as a refinement: what the editor JSON Schema and the registry module's variables are
 * generated from. load-config.ts parses with the plain object schema and runs the same rules
 * itself, so that a type error in one field does not hide the rule issues of the others.
 * Kept apart from schema.ts because the rules read the types schema.ts defines.
 */
import { ConfigObjectSchema } from "./schema";
import { ruleIssues } from "./rules";
import { withDerivedDefaults } from "./rules/aws-names";

/** The schema with the cross-field step (lib/config/rules/index.ts). */
export const ConfigSchema = ConfigObjectSchema.superRefine((c, ctx) => {
  for (const i of ruleIssues(withDerivedDefaults(c))) ctx.addIssue({ code: "custom", path: i.path, message: i.message });
});
