/**
 * JENKINS_HOME's data safety (issue 15) in the `jenkins` stack and the registry module: the
 * restore task wired to the file system, lifecycle protection of the file system, its access
 * point and the backup vault, the teardown switch, and a brought file system.
 */
import { Testing } from "../../../lib/cdktf-core";
import { JenkinsModuleStack } from "../../../lib/module/jenkins-module-stack";
import { resolveTarget } from "../../../lib/restore";
import { configWith, project, synthJson, SynthJson } from "../../support/project";

/** One resource or data block of the synthesized JSON. */
type Block = SynthJson["resource"][string][string];
type Resources = Record<string, Block>;
const ofType = (json: SynthJson, type: string): Resources => json.resource[type] ?? {};
const statements = (json: SynthJson, id: RegExp): Block[] => {
  const docs = Object.entries(json.data?.aws_iam_policy_document ?? {}).filter(([k]) => id.test(k));
  if (docs.length !== 1) throw new Error(`expected one policy document with id matching ${id}, found ${docs.map(([i]) => i).join(", ") || "none"}`);
  return docs[0][1].statement;
};

describe("the restore task is part of Jenkins", () => {
  const stackJson = synthJson(project(configWith({ namePrefix: "ci", accountId: "123456789012" })).jenkins);
  const moduleJson = synthJson(new JenkinsModuleStack(Testing.app(), "module"));

  test.each([
    ["stack", stackJson],
    ["module", moduleJson],
  ])("%s: outputs restore_task_definition_family and backup_role_arn", (_, json) => {
    const td = Object.keys(ofType(json, "aws_ecs_task_definition")).find((id) => /restore/i.test(id))!;
    expect(td).toBeDefined();
    expect(json.output!.restore_task_definition_family.value).toBe(`\${aws_ecs_task_definition.${td}.family}`);
    const role = Object.keys(ofType(json, "aws_iam_role")).find((id) => /backup.*role/i.test(id))!;
    expect(String(json.output!.backup_role_arn.value)).toContain(`aws_iam_role.${role}`);
  });

  test("stack: the task definition mounts the stack's file system and is family <prefix>-restore", () => {
    const fsId = Object.keys(ofType(stackJson, "aws_efs_file_system"))[0];
    const td = Object.values(ofType(stackJson, "aws_ecs_task_definition")).find((t) => t.family === "ci-restore")!;
    expect(td.volume[0].efs_volume_configuration.file_system_id).toBe(`\${aws_efs_file_system.${fsId}.id}`);
    expect(JSON.parse(td.container_definitions)[0].logConfiguration.options["awslogs-group"]).toBe("${aws_cloudwatch_log_group.ControllerLogs.name}");
    expect(Object.values(ofType(stackJson, "aws_iam_role")).map((r) => r.name)).toEqual(expect.arrayContaining(["ci-restore-task", "ci-restore-execution"]));
  });

  test.each([
    ["stack", stackJson, "arn:aws:iam::123456789012:role/ci-restore-task"],
    ["module", moduleJson, "arn:${data.aws_partition.current.partition}:iam::${local.account_id}:role/${var.name_prefix}-restore-task"],
  ])("%s: the file-system policy exempts the restore task's role, and only it, from the access-point rule", (_, json, roleArn) => {
    const s = statements(json, /^jenkins_?home_policy/i);
    // Deny statements only: nothing is allowed by the file-system policy itself.
    expect(s.map((x) => x.effect)).toEqual(["Deny", "Deny"]);
    const mount = s.find((x) => x.sid === "MountOnlyThroughTheAccessPoint")!;
    expect(mount.actions).toEqual(["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"]);
    const exempt = mount.condition.filter((c: { test: string }) => c.test === "ArnNotEquals");
    expect(exempt).toEqual([{ test: "ArnNotEquals", variable: "aws:PrincipalArn", values: [roleArn] }]);
  });

  test("the restore command reads the task definition and the backup role from the outputs", () => {
    const outputs = {
      restore_task_definition_family: { value: "ci-restore", type: "string", sensitive: false },
      backup_role_arn: { value: "arn:aws:iam::123456789012:role/ci-backup", type: "string", sensitive: false },
      controller_service_name: { value: "ci-controller" },
    };
    const flat = Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]));
    const r = resolveTarget(flat, {}, "eu-west-1");
    expect(r.target).toMatchObject({ restoreTaskDefinition: "ci-restore", backupRoleArn: "arn:aws:iam::123456789012:role/ci-backup" });
    // Read, not derived from the naming convention.
    expect(r.notes).toEqual([]);
  });
});
