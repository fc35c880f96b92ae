import { fromSchema, ModuleVariable } from "./variable";

/** Network: the VPC and subnets to deploy into. */
export function networkVariables(): ModuleVariable[] {
  return [
    fromSchema("vpc_id", "network.vpcId", { required: true, description: "Id of the VPC to deploy into. The module creates no network: give your VPC and its subnets." }),
    fromSchema("public_subnet_ids", "network.publicSubnetIds", {
      required: true,
      description: "Public subnets of `vpc_id` for an internet-facing ALB, at least two in different AZs.",
      rules: [{ condition: "length(var.public_subnet_ids) >= 2", message: "must list at least two subnet ids in different AZs" }],
    }),
    fromSchema("private_subnet_ids", "network.privateSubnetIds", {
      required: true,
      description: "Private subnets of `vpc_id` with outbound internet access (controller, agents, EFS mount targets, an internal ALB), at least two in different AZs.",
      rules: [
        { condition: "length(var.private_subnet_ids) >= 2", message: "must list at least two subnet ids in different AZs" },
        {
          condition: "length(distinct(concat(var.private_subnet_ids, var.public_subnet_ids))) == length(var.private_subnet_ids) + length(var.public_subnet_ids)",
          message: "and public_subnet_ids must not share or repeat a subnet id; public and private subnets must differ",
        },
      ],
    }),
  ];
}
