// Typed cdktf matchers (toHaveResource, toHaveResourceWithProperties, toBeValidTerraform, ...).
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";

Testing.setupJest();
