/**
 * Build credentials (lib/config/credentials.ts): the AWS Secrets Manager credentials provider.
 * Attribute rules come from the schema; credentialsProblems()'s KMS key checks (region,
 * account) and the stack's arnPartitions rule are written here as validations.
 */
import { ObjectAttribute, objectType, objectValidations } from "./object-variable";
import { fromSchema, ModuleVariable } from "./variable";

const TAG = "credentials.secretsManager.tag";
/** `credentials.secretsManager.tag` as an object variable: key and value. */
const TAG_ATTRIBUTES: ObjectAttribute[] = [{ path: `${TAG}.key` }, { path: `${TAG}.value` }];

const KEYS = "var.credentials_kms_key_arns";
/** A rule over every key ARN, checked with build credentials on (credentialsProblems() returns early when off). */
const eachKey = (c: string) => `!var.credentials_secrets_manager_enabled || alltrue([for a in ${KEYS} : try(${c}, false)])`;

/** Build credentials (AWS Secrets Manager credentials provider). */
export function credentialVariables(): ModuleVariable[] {
  const tag = "var.credentials_secret_tag";
  return [
    fromSchema("credentials_secrets_manager_enabled", "credentials.secretsManager.enabled"),
    fromSchema("credentials_secret_name_prefix", "credentials.secretsManager.namePrefix"),
    {
      ...fromSchema("credentials_secret_tag", TAG, { type: objectType(TAG_ATTRIBUTES) }),
      schemaPaths: [TAG, `${TAG}.key`, `${TAG}.value`],
      // Each attribute's schema rules, checked when the tag is given.
      validations: [
        // The schema requires both (a null key would drop the tag condition from the policy).
        { condition: `${tag} == null ? true : ${tag}.key != null && ${tag}.value != null`, errorMessage: "credentials_secret_tag needs both key and value." },
        ...objectValidations(TAG_ATTRIBUTES, "x", "credentials_secret_tag", (c) => `alltrue([for x in [${tag}] : ${c} if x != null])`),
      ],
    },
    fromSchema("credentials_kms_key_arns", "credentials.secretsManager.kmsKeyArns", {
      rules: [
        // The stack's arnPartitions rule (lib/config/rules/arns.ts) and credentialsProblems() (lib/config/credentials.ts).
        {
          condition: `alltrue([for a in ${KEYS} : try(split(":", a)[1] == data.aws_partition.current.partition, false)])`,
          message: "must be ARNs of the provider's partition (aws, aws-cn or aws-us-gov, after the provider's region)",
        },
        {
          condition: eachKey(`split(":", a)[3] == data.aws_region.current.name`),
          message: "must be keys in the provider's region, where the stack and its secrets are (KMS keys are regional)",
        },
        {
          condition: `var.account_id == null || ${eachKey(`split(":", a)[4] == var.account_id`)}`,
          message: "must be keys of account_id (a secret's key belongs to the secret's account)",
        },
      ],
    }),
    fromSchema("credentials_cache", "credentials.secretsManager.cache"),
  ];
}
