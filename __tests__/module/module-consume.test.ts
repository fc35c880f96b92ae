/**
 * The registry module as a consumer gets it (issue 16): the release archive served over HTTP
 * and used as a module source without `//subdir`, then `terraform init` and an offline plan
 * through the project's filesystem mirror of hashicorp/aws.
 */
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { OFFLINE_PROVIDER_OVERRIDE, findProviderMirror } from "../../tools/terraform/offline-terraform";
import { dropLockHashes } from "../../tools/terraform/lock-hashes";
import { awsProviderConstraint } from "../../lib/module/module-files";
import { MODULE_NAME } from "../../lib/module/jenkins-module-stack";
import { ModuleBuild, buildModule } from "../../lib/module/package-module";
import { describeTerraform } from "../support/terraform";
import { terraformOkAsync } from "../support/terraform-async";

describeTerraform("the provider range the module states", () => {
  test("the lower bound of versions.tf is a version the offline plans run with (docs/module.md, AWS provider range)", () => {
    const constraint = awsProviderConstraint();
    expect(constraint).toBe(">= 5.100.0, < 6.0.0");
    const lower = /^>= ([0-9.]+),/.exec(constraint)![1];
    const versions = fs.readdirSync(path.join(findProviderMirror()!, "registry.terraform.io", "hashicorp", "aws"));
    // The project's mirror holds only this version, so it is the one release the plans prove.
    expect(versions).toContain(lower);
  });
});

describeTerraform("the module archive as an http module source", () => {
  let build: ModuleBuild;
  let server: http.Server;
  let url: string;
  const requests: string[] = [];
  let root: string;
  let plan: { resource_changes: Array<{ address: string; change: { actions: string[] } }> };

  beforeAll(async () => {
    build = buildModule({ outDir: fs.mkdtempSync(path.join(os.tmpdir(), "sj-consume-dist-")) });
    const archive = fs.readFileSync(build.archive);
    server = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      if (req.url?.split("?")[0] !== `/${path.basename(build.archive)}`) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "Content-Type": "application/gzip", "Content-Length": archive.length }).end(archive);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${path.basename(build.archive)}`;

    root = fs.mkdtempSync(path.join(os.tmpdir(), "sj-consume-root-"));
    fs.writeFileSync(
      path.join(root, "main.tf"),
      `provider "aws" {
  region = "eu-west-1"
}

module "jenkins" {
  source = "${url}"

  name_prefix        = "jenkins"
  account_id         = "123456789012"
  vpc_id             = "vpc-0123456789abcdef0"
  public_subnet_ids  = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
  private_subnet_ids = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]
  certificate_arn    = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000000"
}

output "jenkins_url" {
  value = module.jenkins.jenkins_url
}
`,
    );
    fs.writeFileSync(path.join(root, "zz_offline_override.tf.json"), JSON.stringify({ provider: OFFLINE_PROVIDER_OVERRIDE.provider }, null, 2));
    await terraformOkAsync(root, ["init", "-input=false", "-no-color"]);
    // As offlineInit does for the harness's working copies: the plan and show need not hash the provider again.
    dropLockHashes(root);
    await terraformOkAsync(root, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color", "-out=consume.tfplan"]);
    plan = JSON.parse(await terraformOkAsync(root, ["show", "-json", "consume.tfplan"]));
  });

  afterAll(async () => {
    if (server) await new Promise((resolve) => server.close(resolve));
  });

  test("the source is the archive's URL itself: no //subdir, fetched over http", () => {
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/${MODULE_NAME}-[0-9.]+\\.tar\\.gz$`));
    expect(url).not.toContain("//" + MODULE_NAME);
    expect(requests.some((r) => r.startsWith(`GET /${path.basename(build.archive)}`))).toBe(true);
  });

  test("terraform installed the module's files at the module directory's root", () => {
    const modules = JSON.parse(fs.readFileSync(path.join(root, ".terraform", "modules", "modules.json"), "utf8")) as {
      Modules: Array<{ Key: string; Source: string; Dir: string }>;
    };
    const jenkins = modules.Modules.find((m) => m.Key === "jenkins")!;
    expect(jenkins.Source).toBe(url);
    const installed = path.join(root, jenkins.Dir);
    for (const f of ["main.tf", "variables.tf", "outputs.tf", "versions.tf", "modules/core/main.tf.json", "README.md", "examples/complete/main.tf"]) {
      expect({ file: f, installed: fs.existsSync(path.join(installed, f)) }).toEqual({ file: f, installed: true });
    }
    expect(fs.existsSync(path.join(installed, MODULE_NAME))).toBe(false);
  });

  test("the plan creates Jenkins from the downloaded module (creates and data reads only)", () => {
    const addresses = plan.resource_changes.map((r) => r.address);
    expect(addresses).toContain("module.jenkins.module.this[0].aws_alb.this");
    expect(addresses).toContain("module.jenkins.module.this[0].aws_ecs_service.this");
    expect(addresses.length).toBeGreaterThan(50);
    const actions = new Set(plan.resource_changes.flatMap((r) => r.change.actions));
    // "read": data sources whose arguments are known only after apply (policy documents).
    expect([...actions].sort()).toEqual(["create", "read"]);
  });
});
