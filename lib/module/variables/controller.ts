import { hclInline } from "../hcl";
import { conditionsOf, fieldInfo, terraformType } from "../zod-terraform";
import { fargateCpu, fargateSize, fargateSizesText, fromSchema, message, ModuleVariable, rename } from "./variable";

/** Controller: task size, image, admin user and password, runtime settings. */
export function controllerVariables(): ModuleVariable[] {
  return [
    fromSchema("controller_cpu", "controller.cpu", { custom: [fargateCpu] }),
    fromSchema("controller_memory", "controller.memory", {
      rules: [
        {
          condition: fargateSize("var.controller_cpu", "var.controller_memory"),
          message: `must be a memory value Fargate accepts for controller_cpu (${fargateSizesText()})`,
        },
      ],
    }),
    fromSchema("controller_image", "image.uri", {
      description:
        "Prebuilt controller image (with the configuration-as-code and amazon-ecs plugins). Unset: the module builds one with CodeBuild from `controller_image_build` and pushes it to its ECR repository; that build runs the AWS CLI where Terraform runs.",
    }),
    controllerImageBuild(),
    fromSchema("admin_user", "controller.adminUser"),
    // The stack defaults these two to <namePrefix>-pwd / <namePrefix>.internal; a variable default cannot reference name_prefix.
    fromSchema("admin_password_parameter_name", "controller.adminPassword.parameterName", {
      default: "jenkins-pwd",
      description: "SSM Parameter Store SecureString holding the admin password.",
    }),
    fromSchema("create_admin_password", "controller.adminPassword.create", {
      description:
        "Create the SSM parameter `admin_password_parameter_name` from `admin_password`, encrypted with the module's KMS key. Off: the parameter must already exist.",
    }),
    {
      name: "admin_password",
      schemaPaths: [],
      type: "string",
      description:
        "Jenkins admin password for the created parameter (`create_admin_password = true`); at least 12 characters. Never stored in the task definition or JCasC.",
      required: false,
      default: null,
      nullable: true,
      sensitive: true,
      validations: [
        {
          condition: "var.admin_password == null ? !var.create_admin_password : length(var.admin_password) >= 12",
          errorMessage: "admin_password must be set, with at least 12 characters, when create_admin_password is true.",
        },
      ],
    },
    fromSchema("controller_num_executors", "controller.numExecutors"),
    fromSchema("controller_log_retention_days", "controller.logRetentionDays"),
    fromSchema("controller_health_check_grace_period_seconds", "controller.healthCheckGracePeriodSeconds"),
    fromSchema("controller_java_opts", "controller.javaOpts"),
    fromSchema("controller_ecs_exec", "controller.ecsExec"),
  ];
}

/** Attributes of `controller_image_build`: attribute -> schema field. */
const IMAGE_BUILD_FIELDS: Array<[string, string]> = [
  ["base_image", "image.baseImage"],
  ["extra_plugins", "image.extraPlugins"],
  ["extra_dockerfile_lines", "image.extraDockerfileLines"],
  ["keep_images", "image.keepImages"],
];

function controllerImageBuild(): ModuleVariable {
  const name = "controller_image_build";
  const attrs = IMAGE_BUILD_FIELDS.map(([attr, path]) => ({ attr, path, info: fieldInfo(path) }));
  const type = `object({ ${attrs.map((a) => `${a.attr} = optional(${terraformType(a.info.schema)}, ${hclInline(a.info.default)})`).join(", ")} })`;
  const validations = attrs.flatMap((a) =>
    conditionsOf(a.info.schema, `var.${name}.${a.attr}`).map((c) => ({
      condition: c.condition,
      errorMessage: message(`${name}.${a.attr}`, c.message, c.part),
    })),
  );
  return {
    name,
    schemaPaths: attrs.map((a) => a.path),
    type,
    description: `How the module builds the controller image when \`controller_image\` is unset (CodeBuild, pushed to the module's ECR repository). ${attrs
      .map((a) => `\`${a.attr}\`: ${rename(a.info.description)}`)
      .join(" ")}`,
    required: false,
    default: {},
    nullable: false,
    validations,
  };
}
