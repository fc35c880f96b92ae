import { Construct } from "constructs";
import { ServiceDiscoveryPrivateDnsNamespace } from "@cdktf/provider-aws/lib/service-discovery-private-dns-namespace";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import { Flag } from "../foundation/inputs";
import { JENKINS_AGENT_PORT, JENKINS_HTTP_PORT } from "../network/security-groups";

/** Cloud Map service name of the controller. */
export const CONTROLLER_SERVICE_NAME = "jenkins";

/** Props of {@link ControllerDiscovery}. */
export interface ControllerDiscoveryProps {
  /** Private DNS namespace, e.g. `jenkins.internal`. */
  readonly namespace: string;
  /** VPC the namespace resolves in. */
  readonly vpcId: string;
  /**
   * Let a destroy deregister the service's instances (teardown mode); off, a service that
   * still has instances cannot be deleted.
   * @default false
   */
  readonly forceDestroy?: Flag;
}

/**
 * Cloud Map private DNS for the controller, so agents in the VPC reach it directly at
 * `jenkins.<namespace>` (8080 for the handshake, 50000 for the tunnel) instead of going
 * out through the ALB. A records with a 10 s TTL: a replaced controller task is found fast.
 */
export class ControllerDiscovery extends Construct {
  /** The namespace. */
  public readonly namespace: ServiceDiscoveryPrivateDnsNamespace;
  /** The controller's service (ECS registers the task in it). */
  public readonly service: ServiceDiscoveryService;
  /** DNS name agents use: `jenkins.<namespace>`. */
  public readonly hostname: string;
  /** `host:50000`, the plugin's `tunnel`. */
  public readonly tunnel: string;
  /** `http://host:8080/`, the plugin's `jenkinsUrl` for agents. */
  public readonly internalUrl: string;

  constructor(scope: Construct, id: string, props: ControllerDiscoveryProps) {
    super(scope, id);
    this.namespace = new ServiceDiscoveryPrivateDnsNamespace(this, "Namespace", {
      name: props.namespace,
      vpc: props.vpcId,
      description: "Jenkins controller discovery for build agents",
    });
    this.service = new ServiceDiscoveryService(this, "Service", {
      name: CONTROLLER_SERVICE_NAME,
      dnsConfig: {
        namespaceId: this.namespace.id,
        routingPolicy: "MULTIVALUE",
        dnsRecords: [{ type: "A", ttl: 10 }],
      },
      healthCheckCustomConfig: { failureThreshold: 1 },
      forceDestroy: props.forceDestroy ?? false,
    });
    this.hostname = `${CONTROLLER_SERVICE_NAME}.${props.namespace}`;
    this.tunnel = `${this.hostname}:${JENKINS_AGENT_PORT}`;
    this.internalUrl = `http://${this.hostname}:${JENKINS_HTTP_PORT}/`;
  }
}
