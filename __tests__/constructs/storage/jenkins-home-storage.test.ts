/**
 * JenkinsHomeStorage (lib/constructs/storage/jenkins-home-storage.ts) alone in a minimal
 * stack: the encrypted file system, a mount target per subnet, the access point that maps
 * every client to the jenkins user, the file-system policy (TLS only, the access point only
 * but for the named roles), EFS's own backups off, and the Infrequent Access lifecycle.
 */
import { EfsAccessPoint } from "@cdktf/provider-aws/lib/efs-access-point";
import { EfsFileSystem } from "@cdktf/provider-aws/lib/efs-file-system";
import { TerraformVariable } from "../../../lib/cdktf-core";
import { JENKINS_UID, JenkinsHomeStorage, JenkinsHomeStorageProps } from "../../../lib/constructs/storage/jenkins-home-storage";
import { only, policyStatements, resources } from "../../support/project";
import { synthScope } from "../../support/scope";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-4697-8877-665544332211";
const RESTORE_ROLE = "arn:aws:iam::123456789012:role/jenkins-restore";
const base: JenkinsHomeStorageProps = {
  performanceMode: "generalPurpose",
  throughputMode: "elastic",
  namePrefix: "jenkins",
  kmsKeyArn: KEY,
  subnetIds: ["subnet-a", "subnet-b"],
  securityGroupId: "sg-efs",
};
const synth = (props: Partial<JenkinsHomeStorageProps> = {}) => synthScope((scope) => new JenkinsHomeStorage(scope, "Home", { ...base, ...props }));
const fsArn = /^\$\{aws_efs_file_system\.Home_FileSystem_[0-9A-F]{8}\.arn}$/;

describe("JenkinsHomeStorage with defaults", () => {
  const { out, json } = synth();

  test("an encrypted file system with the stack's key, modes as given, no provisioned throughput, no lifecycle", () => {
    expect(out).toHaveResourceWithProperties(EfsFileSystem, {
      creation_token: "jenkins-jenkins-home",
      encrypted: true,
      kms_key_id: KEY,
      performance_mode: "generalPurpose",
      throughput_mode: "elastic",
      tags: { Name: "jenkins-jenkins-home" },
    });
    const fs = only(json, "aws_efs_file_system");
    expect(fs).not.toHaveProperty("provisioned_throughput_in_mibps");
    expect(fs).not.toHaveProperty("lifecycle_policy");
  });

  test("one mount target per subnet, in the EFS security group", () => {
    const [mt] = Object.values(json.resource.aws_efs_mount_target);
    expect(mt).toMatchObject({ count: 2, security_groups: ["sg-efs"] });
    // The instances Terraform creates from the literal count: one in each subnet.
    expect(resources(json, "aws_efs_mount_target").map(([id, m]) => [id.replace(/_[0-9A-F]{8}/, ""), m.subnet_id])).toEqual([
      ["Home_MountTarget[0]", "subnet-a"],
      ["Home_MountTarget[1]", "subnet-b"],
    ]);
  });

  test("the access point maps every client to uid/gid 1000 under /jenkins-home, created 0750", () => {
    expect(JENKINS_UID).toBe(1000);
    expect(out).toHaveResourceWithProperties(EfsAccessPoint, {
      posix_user: { uid: 1000, gid: 1000 },
      root_directory: { path: "/jenkins-home", creation_info: { owner_uid: 1000, owner_gid: 1000, permissions: "0750" } },
    });
  });

  test("the file-system policy denies transport without TLS, and any mount but through the access point", () => {
    const [tls, ap] = policyStatements(json, "Home_Policy");
    expect(tls).toMatchObject({
      sid: "DenyUnencryptedTransport",
      effect: "Deny",
      principals: [{ type: "AWS", identifiers: ["*"] }],
      actions: ["*"],
      condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
    });
    expect(tls.resources).toEqual([expect.stringMatching(fsArn)]);
    expect(ap).toMatchObject({
      sid: "MountOnlyThroughTheAccessPoint",
      effect: "Deny",
      actions: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"],
    });
    expect(ap.condition).toEqual([
      {
        test: "StringNotEquals",
        variable: "elasticfilesystem:AccessPointArn",
        values: [expect.stringMatching(/^\$\{aws_efs_access_point\.Home_AccessPoint_[0-9A-F]{8}\.arn}$/)],
      },
    ]);
    expect(only(json, "aws_efs_file_system_policy")).toMatchObject({ bypass_policy_lockout_safety_check: false });
  });

  test("EFS's own automatic backups are turned off (the stack's AWS Backup plan covers the file system)", () => {
    expect(only(json, "aws_efs_backup_policy").backup_policy).toEqual({ status: "DISABLED" });
  });
});

describe("JenkinsHomeStorage with every prop", () => {
  const { json } = synth({
    throughputMode: "provisioned",
    provisionedThroughputMibps: 64,
    transitionToIaDays: 30,
    rootAccessRoleArns: [RESTORE_ROLE],
    disableAutomaticBackups: false,
  });

  test("provisioned throughput only in provisioned mode", () => {
    expect(only(json, "aws_efs_file_system")).toMatchObject({ throughput_mode: "provisioned", provisioned_throughput_in_mibps: 64 });
    expect(only(synth({ provisionedThroughputMibps: 64 }).json, "aws_efs_file_system")).not.toHaveProperty("provisioned_throughput_in_mibps");
  });

  test("files move to Infrequent Access after the given days without access, and back on first access", () => {
    expect(only(json, "aws_efs_file_system").lifecycle_policy).toEqual([
      { transition_to_ia: "AFTER_30_DAYS" },
      { transition_to_primary_storage_class: "AFTER_1_ACCESS" },
    ]);
    expect(only(synth({ transitionToIaDays: 1 }).json, "aws_efs_file_system").lifecycle_policy[0]).toEqual({ transition_to_ia: "AFTER_1_DAY" });
  });

  test("the named roles are exempt from the access-point rule only, TLS still required", () => {
    const [tls, ap] = policyStatements(json, "Home_Policy");
    expect(tls.condition).toEqual([{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }]);
    expect(ap.condition[1]).toEqual({ test: "ArnNotEquals", variable: "aws:PrincipalArn", values: [RESTORE_ROLE] });
    expect(ap.condition).toHaveLength(2);
  });

  test("EFS's backup policy is left alone", () => {
    expect(resources(json, "aws_efs_backup_policy")).toHaveLength(0);
  });
});

describe("JenkinsHomeStorage with inputs known only to Terraform", () => {
  const { json } = synthScope((scope) => {
    const v = (name: string, type: string) => new TerraformVariable(scope, name, { type });
    new JenkinsHomeStorage(scope, "Home", {
      ...base,
      throughputMode: v("throughput_mode", "string").stringValue,
      provisionedThroughputMibps: v("provisioned_mibps", "number").numberValue,
      transitionToIaDays: v("ia_days", "number").numberValue,
      subnetIds: v("subnet_ids", "list(string)").listValue,
      disableAutomaticBackups: v("disable_efs_backups", "bool").booleanValue,
    });
  });

  test("a mount target per element of the subnet list", () => {
    expect(only(json, "aws_efs_mount_target")).toMatchObject({ count: "${length(var.subnet_ids)}", subnet_id: "${element(var.subnet_ids, count.index)}" });
  });

  test("provisioned throughput chosen by Terraform from the mode", () => {
    expect(only(json, "aws_efs_file_system").provisioned_throughput_in_mibps).toBe('${(var.throughput_mode == "provisioned") ? var.provisioned_mibps : null}');
  });

  test("the lifecycle as a dynamic block, empty for 0 days", () => {
    const dynamic = only(json, "aws_efs_file_system").dynamic.lifecycle_policy;
    expect(dynamic.for_each).toContain('(var.ia_days > tonumber("0")) ?');
    expect(dynamic.for_each).toContain('"AFTER_1_ACCESS"');
    expect(dynamic.iterator).toBe("each");
    expect(dynamic.content).toEqual({ transition_to_ia: "${each.value.ia}", transition_to_primary_storage_class: "${each.value.primary}" });
  });

  test("EFS's backup policy switched by the variable", () => {
    expect(only(json, "aws_efs_backup_policy").count).toBe("${var.disable_efs_backups ? 1 : 0}");
  });
});
