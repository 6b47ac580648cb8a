import { describeProviderConformance } from '../helpers/provider-conformance.js';
import { sandboxSimulator } from '../helpers/simulators/sandbox.js';

/**
 * The conformance suite against a sandbox-kind channel: the provider that already worked proves the suite
 * before a new provider is measured by it.
 */
describeProviderConformance('sandbox', sandboxSimulator);
