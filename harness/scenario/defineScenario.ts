/**
 * What a scenario file calls: `export default defineScenario({...})`. Only gives the editor
 * the Scenario type; validation happens when the file is loaded, so errors can name the file.
 */
import type { Scenario } from './scenarioSchema.ts';

export function defineScenario(scenario: Scenario): Scenario {
  return scenario;
}
