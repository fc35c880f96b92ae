/**
 * A reference to a secret value held outside the configuration: an AWS Secrets Manager secret
 * (by ARN, optionally one JSON key of it) or an SSM Parameter Store SecureString (by name or
 * ARN). Never the value itself. Used by the sign-in settings (lib/config/auth.ts).
 */
import { z } from "zod";

/** `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>` (with or without the 6-character suffix). */
export const SECRETS_MANAGER_ARN = /^arn:aws(-cn|-us-gov)?:secretsmanager:([a-z]{2}(-gov)?-[a-z]+-\d):(\d{12}):secret:([A-Za-z0-9/_+=.@-]{1,512})$/;
/** An SSM parameter name (`/a/b` or `a`) or ARN. */
export const SSM_PARAMETER = /^(arn:aws(-cn|-us-gov)?:ssm:([a-z]{2}(-gov)?-[a-z]+-\d):(\d{12}):parameter\/)?\/?[a-zA-Z0-9_.\-/]{1,1011}$/;

export const SecretReferenceSchema = z
  .object({
    secretsManagerArn: z
      .string()
      .regex(SECRETS_MANAGER_ARN, "must be a Secrets Manager secret ARN like arn:aws:secretsmanager:eu-west-1:123456789012:secret:jenkins/oidc-client-AbCdEf")
      .optional()
      .describe("ARN of the Secrets Manager secret that holds the value (a plain string secret, or a JSON secret with `jsonKey`)."),
    jsonKey: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,128}$/, "must be 1-128 letters, digits, '_', '.' or '-'")
      .optional()
      .describe("Key of the value inside a JSON Secrets Manager secret. Only with `secretsManagerArn`."),
    ssmParameter: z
      .string()
      .regex(SSM_PARAMETER, "must be an SSM parameter name like /jenkins/oidc-client-secret or its ARN")
      .optional()
      .describe("Name or ARN of the SSM Parameter Store SecureString that holds the value."),
  })
  .strict();

export type SecretReference = z.output<typeof SecretReferenceSchema>;

/** Problems of a reference: exactly one source, jsonKey only with Secrets Manager, in the stack's region and account. */
export function secretReferenceProblems(ref: SecretReference, ctx: { region: string; accountId?: string }): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const sources = [ref.secretsManagerArn, ref.ssmParameter].filter((x) => x !== undefined).length;
  if (sources !== 1)
    out.push({
      field: "",
      message: `give exactly one of secretsManagerArn and ssmParameter (got ${sources}); the value itself never goes in the configuration`,
    });
  if (ref.jsonKey !== undefined && ref.secretsManagerArn === undefined)
    out.push({ field: "jsonKey", message: "only with secretsManagerArn (an SSM parameter holds one value)" });
  const check = (field: string, value: string | undefined, m: RegExpExecArray | null, regionGroup: number, accountGroup: number) => {
    if (!value || !m || !m[regionGroup]) return;
    if (m[regionGroup] !== ctx.region)
      out.push({
        field,
        message: `is in region ${m[regionGroup]}, but the stack is in ${ctx.region}; the controller reads it through ${ctx.region} endpoints`,
      });
    if (ctx.accountId && m[accountGroup] !== ctx.accountId)
      out.push({ field, message: `belongs to account ${m[accountGroup]}, not accountId ${ctx.accountId}` });
  };
  check("secretsManagerArn", ref.secretsManagerArn, ref.secretsManagerArn ? SECRETS_MANAGER_ARN.exec(ref.secretsManagerArn) : null, 2, 4);
  check("ssmParameter", ref.ssmParameter, ref.ssmParameter ? SSM_PARAMETER.exec(ref.ssmParameter) : null, 3, 5);
  return out;
}
