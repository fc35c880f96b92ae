import { fieldInfo, conditionsOf } from "../zod-terraform";
import { fromSchema, message, ModuleVariable } from "./variable";

/**
 * Most availability zones of a VPC the module creates: per-zone resources (subnets, route
 * tables, NAT gateways) are written this many times, each switched on by `count` when
 * `availability_zones` reaches it.
 */
export const MODULE_MAX_AVAILABILITY_ZONES = 3;

const BYO = "var.vpc_id != null";
const NEW = "var.vpc_id == null";

/**
 * Network: your own VPC and subnets (`vpc_id` set), or a new VPC built by the stack's Network
 * construct (`vpc_id` null, the default). Rules mirror lib/config/rules/index.ts (byoSubnets,
 * subnetsWithoutVpc, byoIgnoresNewVpcSettings, newVpcZones, newVpcCidrRange).
 */
export function networkVariables(): ModuleVariable[] {
  return [
    fromSchema("vpc_id", "network.vpcId", {
      description:
        "Bring your own VPC: its id, with `public_subnet_ids` and `private_subnet_ids`. Unset (null): the module creates a VPC from `vpc_cidr`, `availability_zones`, `nat_gateways` and `vpc_flow_logs`.",
    }),
    fromSchema("public_subnet_ids", "network.publicSubnetIds", {
      description: "Public subnets of `vpc_id` for an internet-facing ALB, at least two in different AZs. Only with `vpc_id`.",
      rules: [
        { condition: `${NEW} || length(var.public_subnet_ids) >= 2`, message: "must list at least two subnet ids in different AZs when vpc_id is set" },
        {
          condition: `${BYO} || length(var.public_subnet_ids) == 0`,
          message: "is only for your own VPC: set vpc_id, or remove the subnet ids to let the module create the VPC",
        },
      ],
    }),
    fromSchema("private_subnet_ids", "network.privateSubnetIds", {
      description:
        "Private subnets of `vpc_id` with outbound internet access (controller, agents, EFS mount targets, an internal ALB), at least two in different AZs. Only with `vpc_id`.",
      rules: [
        { condition: `${NEW} || length(var.private_subnet_ids) >= 2`, message: "must list at least two subnet ids in different AZs when vpc_id is set" },
        {
          condition: `${BYO} || length(var.private_subnet_ids) == 0`,
          message: "is only for your own VPC: set vpc_id, or remove the subnet ids to let the module create the VPC",
        },
        {
          condition:
            "length(distinct(concat(var.private_subnet_ids, var.public_subnet_ids))) == length(var.private_subnet_ids) + length(var.public_subnet_ids)",
          message: "and public_subnet_ids must not share or repeat a subnet id; public and private subnets must differ",
        },
      ],
    }),
    fromSchema("vpc_cidr", "network.cidr", {
      description: "New VPC (`vpc_id` unset): its CIDR block, a /16 to /24. Public subnets are its first /+4 blocks, private subnets the blocks from 8 on.",
      rules: [
        {
          condition: 'tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 24',
          message: "must be a /16 to /24 (the new VPC's CIDR)",
        },
      ],
    }),
    fromSchema("availability_zones", "network.availabilityZones", {
      description: `New VPC (\`vpc_id\` unset): the availability zones, two to ${MODULE_MAX_AVAILABILITY_ZONES}. Empty: the first two zones the account can use, read with \`aws_availability_zones\` at plan time.`,
      rules: [
        {
          condition: `length(var.availability_zones) == 0 || (length(var.availability_zones) >= 2 && length(var.availability_zones) <= ${MODULE_MAX_AVAILABILITY_ZONES})`,
          message: `must list two to ${MODULE_MAX_AVAILABILITY_ZONES} zones (or none for the first two the account can use)`,
        },
        { condition: "length(distinct(var.availability_zones)) == length(var.availability_zones)", message: "must be distinct" },
        // The region is the provider's: read from the module's data.aws_region (Terraform >= 1.9).
        {
          condition: "alltrue([for z in var.availability_zones : startswith(z, data.aws_region.current.name)])",
          message: "must be zones of the provider's region",
        },
        { condition: `${NEW} || length(var.availability_zones) == 0`, message: "is only for a new VPC; remove it or remove vpc_id" },
      ],
    }),
    fromSchema("nat_gateways", "network.natGateways", {
      description: "New VPC (`vpc_id` unset): one NAT gateway per AZ (`one-per-az`, survives an AZ outage) or a single shared one (`single`, cheaper).",
    }),
    fromSchema("vpc_flow_logs", "network.flowLogs", {
      description: "New VPC (`vpc_id` unset): send VPC flow logs (rejected and accepted traffic) to CloudWatch Logs, encrypted with the module's data key.",
    }),
    fromSchema("vpc_flow_log_retention_days", "network.flowLogRetentionDays", {
      description: "New VPC (`vpc_id` unset): retention of the flow-log group in days.",
    }),
    additionalSecurityGroupIds(),
  ];
}

/** `additional_security_group_ids`: one object for the three parts, each list validated like `network.additionalSecurityGroupIds.<part>`. */
function additionalSecurityGroupIds(): ModuleVariable {
  const name = "additional_security_group_ids";
  const parts: Array<[string, string]> = [
    ["controller", "controller"],
    ["agents", "agents"],
    ["load_balancer", "loadBalancer"],
  ];
  return {
    name,
    schemaPaths: parts.map(([, key]) => `network.additionalSecurityGroupIds.${key}`),
    type: `object({ ${parts.map(([p]) => `${p} = optional(list(string), [])`).join(", ")} })`,
    description:
      "Security groups of yours attached besides the module's own, per part: `controller` (the controller service's tasks), `agents` (agent tasks, through the amazon-ecs plugin's network configuration in JCasC), `load_balancer` (the ALB). At most 4 each, in `vpc_id`.",
    required: false,
    default: {},
    nullable: false,
    validations: [
      ...parts.flatMap(([p, key]) =>
        conditionsOf(fieldInfo(`network.additionalSecurityGroupIds.${key}`).schema, `var.${name}.${p}`).map((c) => ({
          condition: c.condition,
          errorMessage: message(`${name}.${p}`, c.message, c.part),
        })),
      ),
      // The stack's securityGroupsWithoutVpc rule.
      {
        condition: `${BYO} || length(concat(${parts.map(([p]) => `var.${name}.${p}`).join(", ")})) == 0`,
        errorMessage: message(name, "can only be attached in your own VPC; set vpc_id (a new VPC has none of your groups yet)"),
      },
    ],
  };
}
