import * as fs from "fs";
import * as path from "path";
import { createHash } from "crypto";
import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "../../cdktf-core";
import { synthTempDir } from "../foundation/synth-temp";

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
    const dir = synthTempDir("jcasc", hash);
    fs.writeFileSync(path.join(dir, "jenkins.yaml"), props.yaml);
    const asset = new TerraformAsset(this, "Yaml", { path: dir, type: AssetType.DIRECTORY });
    this.path = `${asset.path}/jenkins.yaml`;
  }
}
