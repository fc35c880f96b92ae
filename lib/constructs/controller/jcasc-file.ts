import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createHash } from "crypto";
import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "../../cdktf-core";

/** Props of {@link JcascFile}. */
export interface JcascFileProps {
  /** The YAML text. */
  readonly yaml: string;
}

/**
 * Writes the generated JCasC YAML into the synthesized stack directory
 * (`assets/<id>/<hash>/jenkins.yaml`), so reviewers and pipelines see exactly the
 * configuration the controller receives. Its content also reaches the task definition.
 */
export class JcascFile extends Construct {
  /** Path of the file relative to the stack directory. */
  public readonly path: string;

  constructor(scope: Construct, id: string, props: JcascFileProps) {
    super(scope, id);
    const hash = createHash("sha256").update(props.yaml).digest("hex").slice(0, 16);
    const dir = path.join(os.tmpdir(), "serverless-jenkins-jcasc", hash);
    fs.mkdirSync(dir, { recursive: true });
    // Written next to the directory and renamed into it: synths running at the same time share
    // it, and none may copy a half-written file (or a temporary one) into its output.
    const tmp = `${dir}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, props.yaml);
    fs.renameSync(tmp, path.join(dir, "jenkins.yaml"));
    const asset = new TerraformAsset(this, "Yaml", { path: dir, type: AssetType.DIRECTORY });
    this.path = `${asset.path}/jenkins.yaml`;
  }
}
