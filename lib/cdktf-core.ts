/**
 * The one module that imports CDK for Terraform's core library. CDKTF is deprecated upstream
 * (2025-12-10); its community fork CDK Terrain publishes the same API as `cdktn`. Moving over
 * means changing the package name here (and `@cdktf/provider-aws` imports to `@cdktn/...`).
 */
export {
  App,
  Annotations,
  Aspects,
  AssetType,
  DataResource,
  Fn,
  LocalBackend,
  Lazy,
  Op,
  TerraformCount,
  TerraformDataSource,
  S3Backend,
  TerraformAsset,
  TerraformElement,
  TerraformIterator,
  TerraformLocal,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Testing,
  Token,
} from "cdktf";
export type { IAspect, IResolvable, ITerraformDependable, S3BackendConfig } from "cdktf";
