/**
 * ControllerDiscovery (lib/constructs/discovery/controller-discovery.ts) alone in a minimal
 * stack: the private DNS namespace in the VPC, the controller's service with short-TTL A
 * records, and the names agents use.
 */
import { ServiceDiscoveryPrivateDnsNamespace } from "@cdktf/provider-aws/lib/service-discovery-private-dns-namespace";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import { ControllerDiscovery } from "../../../lib/constructs/discovery/controller-discovery";
import { only } from "../../support/project";
import { synthScope } from "../../support/scope";

describe("ControllerDiscovery", () => {
  let discovery!: ControllerDiscovery;
  const { out, json } = synthScope((scope) => {
    discovery = new ControllerDiscovery(scope, "Discovery", { namespace: "jenkins.internal", vpcId: "vpc-0123" });
  });

  test("a private DNS namespace in the VPC", () => {
    expect(out).toHaveResourceWithProperties(ServiceDiscoveryPrivateDnsNamespace, { name: "jenkins.internal", vpc: "vpc-0123" });
  });

  test("service jenkins: multivalue A records with a 10 s TTL in the namespace, custom health check (ECS reports health)", () => {
    expect(out).toHaveResourceWithProperties(ServiceDiscoveryService, {
      name: "jenkins",
      health_check_custom_config: { failure_threshold: 1 },
    });
    const dns = only(json, "aws_service_discovery_service").dns_config;
    expect(dns).toEqual({
      namespace_id: expect.stringMatching(/^\$\{aws_service_discovery_private_dns_namespace\.Discovery_Namespace_[0-9A-F]{8}\.id}$/),
      routing_policy: "MULTIVALUE",
      dns_records: [{ type: "A", ttl: 10 }],
    });
  });

  test("agents reach the controller at jenkins.<namespace>: 8080 for the URL, 50000 for the tunnel", () => {
    expect(discovery.hostname).toBe("jenkins.jenkins.internal");
    expect(discovery.internalUrl).toBe("http://jenkins.jenkins.internal:8080/");
    expect(discovery.tunnel).toBe("jenkins.jenkins.internal:50000");
  });
});
