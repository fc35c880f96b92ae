import { Construct } from "constructs";
import { iterateList } from "../foundation/inputs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";

/** Controller HTTP port (UI, API, agents' JNLP handshake). */
export const JENKINS_HTTP_PORT = 8080;
/** Controller inbound-agent (JNLP/TCP) port. */
export const JENKINS_AGENT_PORT = 50000;
/** NFS port of EFS. */
export const NFS_PORT = 2049;

/** Props of {@link JenkinsSecurityGroups}. */
export interface JenkinsSecurityGroupsProps {
  /** VPC of all groups. */
  readonly vpcId: string;
  /** Prefix of group names. */
  readonly namePrefix: string;
  /** CIDRs allowed to reach the ALB on 80 and 443. */
  readonly albAllowedCidrs: string[];
}

/**
 * Every security group of the stack and the whole traffic matrix, in one place:
 *
 * | from \ to     | ALB      | controller        | EFS        |
 * |---------------|----------|-------------------|------------|
 * | allowed CIDRs | 80, 443  | -                 | -          |
 * | ALB           | -        | 8080              | -          |
 * | agents        | -        | 8080, 50000       | -          |
 * | controller    | -        | -                 | 2049       |
 *
 * Egress: ALB only to the controller on 8080; controller to 443/22 (AWS APIs, plugin
 * updates, git) and NFS to EFS; agents anywhere (builds fetch code and dependencies);
 * EFS none. Rules are separate resources, so groups can reference each other without cycles.
 */
export class JenkinsSecurityGroups extends Construct {
  /** The ALB's group. */
  public readonly alb: SecurityGroup;
  /** The controller task's group. */
  public readonly controller: SecurityGroup;
  /** The agent tasks' group. */
  public readonly agents: SecurityGroup;
  /** The EFS mount targets' group. */
  public readonly efs: SecurityGroup;

  constructor(scope: Construct, id: string, props: JenkinsSecurityGroupsProps) {
    super(scope, id);
    const group = (gid: string, suffix: string, description: string) =>
      new SecurityGroup(this, gid, {
        // A prefix, not a fixed name: a replacement is created before the old group goes, and
        // two groups cannot share a name in one VPC.
        namePrefix: `${props.namePrefix}-${suffix}-`,
        description,
        vpcId: props.vpcId,
        tags: { Name: `${props.namePrefix}-${suffix}` },
        // Rules live in their own resources; an inline rule here would fight them.
        lifecycle: { createBeforeDestroy: true },
      });
    this.alb = group("Alb", "alb", "Jenkins ALB: HTTPS (and HTTP redirect) from the allowed CIDRs");
    this.controller = group("Controller", "controller", "Jenkins controller: 8080 from the ALB and agents, 50000 from agents");
    this.agents = group("Agents", "agents", "Jenkins agents: no inbound, outbound for builds");
    this.efs = group("Efs", "efs", "JENKINS_HOME EFS: NFS from the controller only");

    // One rule per CIDR and port; `for_each` keys are the CIDRs, so adding one touches no other.
    for (const port of [443, 80]) {
      const cidrs = iterateList(props.albAllowedCidrs);
      new VpcSecurityGroupIngressRule(this, `AlbIngress${port}`, {
        forEach: cidrs,
        securityGroupId: this.alb.id,
        description: port === 80 ? `HTTP from ${cidrs.value} (redirected to HTTPS)` : `HTTPS from ${cidrs.value}`,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        cidrIpv4: cidrs.value,
      });
    }
    new VpcSecurityGroupEgressRule(this, "AlbToController", {
      securityGroupId: this.alb.id,
      description: "To the controller's HTTP port",
      ipProtocol: "tcp",
      fromPort: JENKINS_HTTP_PORT,
      toPort: JENKINS_HTTP_PORT,
      referencedSecurityGroupId: this.controller.id,
    });

    new VpcSecurityGroupIngressRule(this, "ControllerHttpFromAlb", {
      securityGroupId: this.controller.id,
      description: "Jenkins UI from the ALB",
      ipProtocol: "tcp",
      fromPort: JENKINS_HTTP_PORT,
      toPort: JENKINS_HTTP_PORT,
      referencedSecurityGroupId: this.alb.id,
    });
    new VpcSecurityGroupIngressRule(this, "ControllerHttpFromAgents", {
      securityGroupId: this.controller.id,
      description: "Agents' inbound handshake (jenkinsUrl) over Cloud Map",
      ipProtocol: "tcp",
      fromPort: JENKINS_HTTP_PORT,
      toPort: JENKINS_HTTP_PORT,
      referencedSecurityGroupId: this.agents.id,
    });
    new VpcSecurityGroupIngressRule(this, "ControllerJnlpFromAgents", {
      securityGroupId: this.controller.id,
      description: "Agents' TCP tunnel (JNLP)",
      ipProtocol: "tcp",
      fromPort: JENKINS_AGENT_PORT,
      toPort: JENKINS_AGENT_PORT,
      referencedSecurityGroupId: this.agents.id,
    });
    new VpcSecurityGroupEgressRule(this, "ControllerHttpsOut", {
      securityGroupId: this.controller.id,
      description: "AWS APIs, update center, git over HTTPS",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });
    new VpcSecurityGroupEgressRule(this, "ControllerSshOut", {
      securityGroupId: this.controller.id,
      description: "git over SSH (Pipeline script from SCM)",
      ipProtocol: "tcp",
      fromPort: 22,
      toPort: 22,
      cidrIpv4: "0.0.0.0/0",
    });
    new VpcSecurityGroupEgressRule(this, "ControllerToEfs", {
      securityGroupId: this.controller.id,
      description: "NFS to JENKINS_HOME",
      ipProtocol: "tcp",
      fromPort: NFS_PORT,
      toPort: NFS_PORT,
      referencedSecurityGroupId: this.efs.id,
    });

    new VpcSecurityGroupIngressRule(this, "EfsFromController", {
      securityGroupId: this.efs.id,
      description: "NFS from the controller",
      ipProtocol: "tcp",
      fromPort: NFS_PORT,
      toPort: NFS_PORT,
      referencedSecurityGroupId: this.controller.id,
    });

    new VpcSecurityGroupEgressRule(this, "AgentsOut", {
      securityGroupId: this.agents.id,
      description: "Builds reach source, registries and the controller",
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
    });
  }
}
