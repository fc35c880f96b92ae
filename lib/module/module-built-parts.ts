/**
 * The parts the registry module builds itself and hands to ServerlessJenkins, as the `jenkins`
 * stack does with its own values: the controller image, the agent images and the VPC endpoints,
 * each the stack's construct switched and configured by module variables.
 */
import { Construct } from "constructs";
import { Fn, Op, Token } from "../cdktf-core";
import { AgentImages } from "../constructs/agents/agent-images";
import { JCASC_ENV } from "../constructs/controller/jcasc";
import { AwsEnvironment } from "../constructs/foundation/aws-environment";
import { IamRoleSettings } from "../constructs/foundation/iam-role-settings";
import { ControllerImage } from "../constructs/image/controller-image";
import { VpcEndpoints } from "../constructs/network/vpc-endpoints";
import type { AgentImagesInput, JenkinsImageInput } from "../stacks/serverless-jenkins";
import { ModuleInputs, tf } from "./module-inputs";

/** What every built part is named and placed with. */
export interface BuiltPartContext {
  /** Prefix of names (`var.name_prefix`). */
  readonly name: string;
  readonly env: AwsEnvironment;
  readonly iamRoles: IamRoleSettings;
}

/** The controller image: the stack's ControllerImage (CodeBuild), switched off by a prebuilt `controller_image`. */
export function controllerImagePart(
  inputs: ModuleInputs,
  { name, env, iamRoles }: BuiltPartContext,
): (imageScope: Construct, kmsKeyArn: string) => JenkinsImageInput {
  const { input, local, localRef, str, v, bool } = inputs;
  return (imageScope, kmsKeyArn) => {
    // The stack's ControllerImage: CodeBuild with the context inline, switched off by a prebuilt controller_image.
    const build = input("controller_image_build");
    const image = new ControllerImage(imageScope, "Image", {
      namePrefix: name,
      env,
      iamRoles,
      kmsKeyArn,
      mode: "codebuild",
      build: localRef(local("build_controller_image", tf(`${v("controller_image")} == null`))).asBoolean,
      uri: str("controller_image"),
      baseImage: Token.asString(Fn.lookup(build.value, "base_image")),
      extraPlugins: Token.asList(Fn.lookup(build.value, "extra_plugins")),
      extraDockerfileLines: Token.asList(Fn.lookup(build.value, "extra_dockerfile_lines")),
      keepImages: Token.asNumber(Fn.lookup(build.value, "keep_images")),
      forceDelete: bool("force_destroy"),
    });
    // A conditional has quotes: the container definitions (JSON text) get it through a local.
    const imageUri = localRef(local("controller_image", image.imageUri)).asString;
    return {
      imageUri,
      repositoryArn: image.repository?.arn,
      repositoryUrl: image.repository?.repositoryUrl,
      pullRepositoryArns: image.pullRepositoryArns,
      buildSteps: image.buildSteps,
    };
  };
}

/** The VPC endpoints: the stack's VpcEndpoints, switched by `vpc_endpoints.enabled`. */
export function vpcEndpointsPart(
  inputs: ModuleInputs,
  { name, region, privateRouteTableIds }: { name: string; region: string; privateRouteTableIds: string[] },
): (endpointsScope: Construct, clientSecurityGroupIds: string[]) => void {
  const { input, localRef, str } = inputs;
  return (endpointsScope, clientSecurityGroupIds) => {
    // The stack's VpcEndpoints, switched by vpc_endpoints.enabled (an endpoint per offered service, by interface_services).
    const ve = input("vpc_endpoints").value;
    new VpcEndpoints(endpointsScope, "VpcEndpoints", {
      namePrefix: name,
      region,
      // The VPC Jenkins runs in (created or given); a created VPC's S3 gateway goes on its own private route tables.
      vpcId: localRef("local.vpc_id").asString,
      subnetIds: localRef("local.private_subnet_ids").asList,
      clientSecurityGroupIds,
      enabled: Token.asAny(Fn.lookup(ve, "enabled")),
      interfaceServices: Token.asList(Fn.lookup(ve, "interface_services")),
      s3Gateway: Token.asAny(Fn.lookup(ve, "s3_gateway")),
      s3GatewayRouteTableIds: Token.asList(
        Fn.conditional(Op.eq(str("vpc_id"), Token.nullValue()), Fn.compact(privateRouteTableIds), Fn.lookup(ve, "route_table_ids")),
      ),
    });
  };
}

/** The agent images: the stack's AgentImages with the source as a switch (mirror, pull-through cache or prebuilt). */
export function agentImagesPart(
  inputs: ModuleInputs,
  { name, env, iamRoles }: BuiltPartContext,
): (imageScope: Construct, kmsKeyArn: string) => AgentImagesInput {
  const { input, local, localRef, str, v, bool } = inputs;
  return (imageScope, kmsKeyArn) => {
    // The stack's AgentImages with the source as a switch: mirror (CodeBuild, context inline), pull-through cache or prebuilt.
    const source = input("agent_image_source").value;
    const attr = (a: string) => Token.asString(Fn.lookup(source, a));
    const images = new AgentImages(imageScope, "AgentImages", {
      namePrefix: name,
      env,
      kmsKeyArn,
      iamRoles,
      source: attr("source"),
      buildMode: "codebuild",
      defaultImage: str("agent_default_image"),
      templates: [],
      templateImages: localRef(local("agent_template_images", tf(`[for k, t in ${v("agent_templates")} : t.image if t.image != null]`))).asList,
      keepImages: Token.asNumber(Fn.lookup(source, "keep_images")),
      forceDelete: bool("force_destroy"),
      pullThroughCache: {
        upstreamRegistryUrl: attr("upstream_registry_url"),
        repositoryPrefix: attr("repository_prefix"),
        credentialArn: attr("credential_arn"),
      },
    });
    // A conditional has quotes: the container definitions (JSON text) get it through a local.
    const uri = localRef(local("agent_default_image_uri", images.defaultImageUri)).asString;
    return {
      defaultImageUri: uri,
      pullRepositoryArns: images.pullRepositoryArns,
      pullThroughCacheRepositoryArns: images.pullThroughCacheRepositoryArns,
      pullThroughCache: images.pullThroughCache,
      imageEnvironment: { ...images.imageEnvironment, [JCASC_ENV.agentDefaultImage]: uri },
      buildSteps: images.buildSteps,
    };
  };
}
