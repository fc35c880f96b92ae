/** EFS file systems and access points, ECR repositories, AWS Backup vaults. */
import { resourceCheck, show } from "../define-check";
import { policyDocument } from "../iam-document";
import { isPublicStatement } from "../resource-policy";
import { block, dig, hasValue, isTrue, toInt } from "../json-values";
import type { PolicyCheck } from "../types";

const FS = "aws_efs_file_system";
const AP = "aws_efs_access_point";
const REPO = "aws_ecr_repository";

export const STORAGE_CHECKS: PolicyCheck[] = [
  resourceCheck({
    id: "CKV_AWS_42",
    source: "checkov",
    title: "EFS file system is encrypted",
    severity: "error",
    resourceTypes: [FS],
    fix: "Set encrypted = true.",
    test: (r) => (isTrue(r.body.encrypted) ? undefined : `encrypted is ${show(r.body.encrypted)}`),
  }),
  resourceCheck({
    id: "CKV_AWS_184",
    source: "checkov",
    title: "EFS file system is encrypted with a customer-managed KMS key",
    severity: "error",
    resourceTypes: [FS],
    fix: "Set kms_key_id to a customer-managed key.",
    test: (r) => (hasValue(r.body.kms_key_id) ? undefined : "no kms_key_id (AWS-managed key)"),
  }),
  {
    id: "CKV2_AWS_18",
    source: "checkov",
    title: "EFS file system is in an AWS Backup plan",
    severity: "warning",
    resourceTypes: [FS],
    fix: "Reference the file system's ARN from an aws_backup_selection (backup.enabled = true).",
    evaluate: (tf) => {
      // checkov reports nothing at all when the configuration has no aws_backup_selection.
      if (tf.resources("aws_backup_selection").length === 0) return [];
      return tf
        .resources(FS)
        .filter((fs) => tf.connected(fs, "aws_backup_selection").length === 0)
        .map((fs) => ({ address: fs.address, message: "no aws_backup_selection references the file system" }));
    },
  },
  resourceCheck({
    id: "CKV_AWS_329",
    source: "checkov",
    title: "EFS access point enforces a root directory (created with owner and permissions)",
    severity: "warning",
    resourceTypes: [AP],
    fix: 'Set root_directory { path = "/<dir>", creation_info { owner_uid, owner_gid, permissions } }.',
    deviation: "creation_info is also required: without it the directory must already exist, and mounts fail on a new file system.",
    test: (r) => {
      const path = dig(r.body, "root_directory.path");
      if (typeof path !== "string" || "/".includes(path)) return `root_directory.path is ${show(path)}`;
      return block(dig(r.body, "root_directory.creation_info")) ? undefined : "root_directory has no creation_info";
    },
  }),
  resourceCheck({
    id: "CKV_AWS_330",
    source: "checkov",
    title: "EFS access point enforces a non-root user identity",
    severity: "error",
    resourceTypes: [AP],
    fix: "Set posix_user { uid, gid } to a non-root user (e.g. 1000).",
    deviation: "uid must be set too and must not be 0 (checkov only requires gid).",
    test: (r) => {
      const u = block(r.body.posix_user);
      if (!u || u.gid === undefined || u.uid === undefined) return "no posix_user uid/gid";
      return toInt(u.uid) === 0 ? "posix_user.uid is 0 (root)" : undefined;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_51",
    source: "checkov",
    title: "ECR repository tags are immutable",
    severity: "error",
    resourceTypes: [REPO],
    fix: 'Set image_tag_mutability = "IMMUTABLE".',
    test: (r) => (r.body.image_tag_mutability === "IMMUTABLE" ? undefined : `image_tag_mutability is ${show(r.body.image_tag_mutability)}`),
  }),
  resourceCheck({
    id: "CKV_AWS_136",
    source: "checkov",
    title: "ECR repository is encrypted with KMS",
    severity: "warning",
    resourceTypes: [REPO],
    fix: 'Set encryption_configuration { encryption_type = "KMS", kms_key = <CMK> }.',
    test: (r) =>
      dig(r.body, "encryption_configuration.encryption_type") === "KMS"
        ? undefined
        : `encryption_type is ${show(dig(r.body, "encryption_configuration.encryption_type"))}`,
  }),
  resourceCheck({
    id: "CKV_AWS_163",
    source: "checkov",
    title: "ECR repository scans images on push",
    severity: "warning",
    resourceTypes: [REPO],
    fix: "Set image_scanning_configuration { scan_on_push = true }.",
    test: (r) => (isTrue(dig(r.body, "image_scanning_configuration.scan_on_push")) ? undefined : "scan_on_push is not true"),
  }),
  resourceCheck({
    id: "CKV_AWS_32",
    source: "checkov",
    title: "ECR repository policy is not public",
    severity: "error",
    resourceTypes: ["aws_ecr_repository_policy"],
    fix: "Name account or role principals (never *), or restrict with aws:PrincipalOrgID / aws:SourceAccount.",
    test: (r) => {
      const doc = policyDocument(r.body.policy);
      const pub = doc?.statements.find(isPublicStatement);
      return pub ? `statement ${pub.sid ?? "(no sid)"} is public` : undefined;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_166",
    source: "checkov",
    title: "AWS Backup vault is encrypted with a customer-managed KMS key",
    severity: "warning",
    resourceTypes: ["aws_backup_vault"],
    fix: "Set kms_key_arn to a customer-managed key.",
    test: (r) => (hasValue(r.body.kms_key_arn) ? undefined : "no kms_key_arn"),
  }),
];
