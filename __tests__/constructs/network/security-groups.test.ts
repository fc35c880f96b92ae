/**
 * JenkinsSecurityGroups (lib/constructs/network/security-groups.ts) alone in a minimal stack:
 * the four groups and the whole traffic matrix, read back from the synthesized rules.
 */
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { JenkinsSecurityGroups } from "../../../lib/constructs/network/security-groups";
import { resources, SynthJson } from "../../support/project";
import { synthScope } from "../../support/scope";

const { out, json } = synthScope((scope) => {
  new JenkinsSecurityGroups(scope, "Sg", { vpcId: "vpc-0123", namePrefix: "jenkins", albAllowedCidrs: ["10.0.0.0/8", "192.0.2.0/24"] });
});

/** Group logical id ("Sg_Alb_1234ABCD") -> short name ("alb"). */
function groupNames(j: SynthJson): Record<string, string> {
  return Object.fromEntries(Object.keys(j.resource.aws_security_group).map((id) => [id, id.split("_")[1].toLowerCase()]));
}
const names = groupNames(json);
const nameOf = (ref: string) => {
  const id = /^\$\{aws_security_group\.([^.]+)\.id}$/.exec(ref)?.[1];
  if (!id || !names[id]) throw new Error(`not a reference to a group of the construct: ${ref}`);
  return names[id];
};
/** A rule as "<group> <in|out> <protocol>/<ports> <peer>". */
function rules(type: string, direction: "in" | "out"): string[] {
  return resources(json, type)
    .map(([, r]) => {
      const ports = r.ip_protocol === "-1" ? "all" : r.from_port === r.to_port ? `${r.from_port}` : `${r.from_port}-${r.to_port}`;
      const peer = r.referenced_security_group_id ? nameOf(r.referenced_security_group_id) : r.cidr_ipv4;
      return `${nameOf(r.security_group_id)} ${direction} ${r.ip_protocol}/${ports} ${peer}`;
    })
    .sort();
}

describe("JenkinsSecurityGroups", () => {
  test("four groups in the VPC, named by prefix, replaced before destroyed, no inline rules", () => {
    expect(Object.values(names).sort()).toEqual(["agents", "alb", "controller", "efs"]);
    for (const g of Object.values(json.resource.aws_security_group)) {
      const short = (g.tags as { Name: string }).Name.replace(/^jenkins-/, "");
      expect(g).toMatchObject({ vpc_id: "vpc-0123", name_prefix: `jenkins-${short}-`, lifecycle: { create_before_destroy: true } });
      expect(g).not.toHaveProperty("ingress");
      expect(g).not.toHaveProperty("egress");
    }
    expect(out).toHaveResourceWithProperties(SecurityGroup, { name_prefix: "jenkins-efs-", description: "JENKINS_HOME EFS: NFS from the controller only" });
  });

  test("inbound: 80/443 from each allowed CIDR to the ALB; 8080 from ALB and agents and 50000 from agents to the controller; NFS from the controller to EFS; nothing to agents", () => {
    expect(rules("aws_vpc_security_group_ingress_rule", "in")).toEqual(
      [
        "alb in tcp/443 10.0.0.0/8",
        "alb in tcp/443 192.0.2.0/24",
        "alb in tcp/80 10.0.0.0/8",
        "alb in tcp/80 192.0.2.0/24",
        "controller in tcp/8080 alb",
        "controller in tcp/8080 agents",
        "controller in tcp/50000 agents",
        "efs in tcp/2049 controller",
      ].sort(),
    );
  });

  test("outbound: ALB only to the controller on 8080; controller 443 and 22 anywhere and NFS to EFS; agents anything; EFS nothing", () => {
    expect(rules("aws_vpc_security_group_egress_rule", "out")).toEqual(
      [
        "alb out tcp/8080 controller",
        "controller out tcp/443 0.0.0.0/0",
        "controller out tcp/22 0.0.0.0/0",
        "controller out tcp/2049 efs",
        "agents out -1/all 0.0.0.0/0",
      ].sort(),
    );
  });

  test("one ALB rule per CIDR and port, keyed by the CIDR, each with a description", () => {
    const alb = resources(json, "aws_vpc_security_group_ingress_rule").filter(([id]) => id.startsWith("Sg_AlbIngress"));
    expect(alb.map(([id]) => id.replace(/_[0-9A-F]{8}/, "")).sort()).toEqual([
      'Sg_AlbIngress443["10.0.0.0/8"]',
      'Sg_AlbIngress443["192.0.2.0/24"]',
      'Sg_AlbIngress80["10.0.0.0/8"]',
      'Sg_AlbIngress80["192.0.2.0/24"]',
    ]);
    for (const type of ["aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"])
      for (const [id, r] of resources(json, type)) expect([id, r.description]).toEqual([id, expect.stringMatching(/\w/)]);
  });
});
