import { hclInline } from "../hcl";
import { conditionsOf, fieldInfo, terraformType } from "../zod-terraform";
import { message, ModuleValidation, ModuleVariable, rename } from "./variable";

/** Attributes of `vpc_endpoints`: attribute -> schema field (section `vpcEndpoints`). */
const FIELDS: Array<[string, string]> = [
  ["enabled", "vpcEndpoints.enabled"],
  ["interface_services", "vpcEndpoints.interfaceServices"],
  ["s3_gateway", "vpcEndpoints.s3Gateway"],
  ["route_table_ids", "vpcEndpoints.routeTableIds"],
];

const NAME = "vpc_endpoints";
const REF = `var.${NAME}`;

/**
 * `vpc_endpoints`: the stack's optional VPC endpoints (lib/constructs/network/vpc-endpoints.ts)
 * in the module's VPC, with the stack's rules for a brought VPC (lib/config/vpc-endpoints.ts).
 */
export function vpcEndpointsVariable(): ModuleVariable {
  const attrs = FIELDS.map(([attr, path]) => ({ attr, path, info: fieldInfo(path) }));
  const type = `object({ ${attrs.map((a) => `${a.attr} = optional(${terraformType(a.info.schema)}, ${hclInline(a.info.default)})`).join(", ")} })`;
  const validations: ModuleValidation[] = attrs.flatMap((a) =>
    conditionsOf(a.info.schema, `${REF}.${a.attr}`).map((c) => ({ condition: c.condition, errorMessage: message(`${NAME}.${a.attr}`, c.message, c.part) })),
  );
  validations.push(
    {
      condition: `length(distinct(${REF}.interface_services)) == length(${REF}.interface_services)`,
      errorMessage: `${NAME}.interface_services lists a service twice.`,
    },
    {
      condition: `!(${REF}.enabled && ${REF}.s3_gateway && var.vpc_id != null) || length(${REF}.route_table_ids) > 0`,
      errorMessage: `${NAME}.route_table_ids must list the private subnets' route tables when enabled and s3_gateway are true with your own vpc_id (or set s3_gateway to false); a new VPC uses its own.`,
    },
  );
  const text = (attr: string) => rename(attrs.find((a) => a.attr === attr)!.info.description);
  return {
    name: NAME,
    schemaPaths: attrs.map((a) => a.path),
    type,
    description: `Optional VPC endpoints in \`vpc_id\` so image pulls, logs and AWS API calls of the tasks stay off the NAT gateway (off by default). ${attrs
      .map(
        (a) =>
          `\`${a.attr}\`: ${a.attr === "route_table_ids" ? "your VPC's private route tables, for the S3 gateway endpoint (a new VPC uses its own)." : text(a.attr)}`,
      )
      .join(" ")}`,
    required: false,
    default: {},
    nullable: false,
    validations,
  };
}
