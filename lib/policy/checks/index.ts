/** Every check of the policy pack, grouped by service. */
import type { PolicyCheck } from "../types";
import { CERTIFICATE_AND_DNS_CHECKS } from "./certificates-and-dns";
import { CLOUDWATCH_CHECKS } from "./cloudwatch";
import { CODEBUILD_CHECKS } from "./codebuild";
import { DYNAMODB_CHECKS } from "./dynamodb";
import { ECS_CHECKS } from "./ecs";
import { IAM_CHECKS } from "./iam";
import { IAM_ROLE_CHECKS } from "./iam-roles";
import { KMS_CHECKS } from "./kms";
import { LOAD_BALANCER_CHECKS } from "./load-balancer";
import { NETWORK_CHECKS } from "./network";
import { S3_CHECKS } from "./s3";
import { SNS_CHECKS } from "./sns";
import { SSM_CHECKS } from "./ssm";
import { STORAGE_CHECKS } from "./storage";

export const POLICY_CHECKS: readonly PolicyCheck[] = [
  ...S3_CHECKS,
  ...DYNAMODB_CHECKS,
  ...KMS_CHECKS,
  ...LOAD_BALANCER_CHECKS,
  ...NETWORK_CHECKS,
  ...ECS_CHECKS,
  ...STORAGE_CHECKS,
  ...SNS_CHECKS,
  ...CLOUDWATCH_CHECKS,
  ...SSM_CHECKS,
  ...CODEBUILD_CHECKS,
  ...CERTIFICATE_AND_DNS_CHECKS,
  ...IAM_CHECKS,
  ...IAM_ROLE_CHECKS,
];
