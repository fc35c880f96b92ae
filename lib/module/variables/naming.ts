import { NAME_PREFIX_RULES, TAG_RULES } from "../module-rules";
import { fromSchema, ModuleVariable } from "./variable";

/** Naming and account: name_prefix, tags, account_id. */
export function namingVariables(): ModuleVariable[] {
  return [
    fromSchema("name_prefix", "namePrefix", { rules: NAME_PREFIX_RULES }),
    fromSchema("tags", "tags", {
      description: "Tags added to every taggable resource the module creates (the provider's `default_tags` apply as well).",
      rules: TAG_RULES,
    }),
    fromSchema("account_id", "accountId", {
      description:
        "AWS account id of the provider. Set: ARNs, key policies and trust conditions use it directly. Unset: read with `aws_caller_identity` (sts:GetCallerIdentity at plan time).",
    }),
  ];
}
