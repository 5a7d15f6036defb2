/**
 * Entry of `npm run doctor` (run by jiti, which loads the TypeScript sources as they are):
 * the connection doctor from a terminal, see src/main/doctor-cli.ts.
 */
import { runDoctorCli } from '../src/main/doctor-cli';
import { KeytarSecretStore } from '../src/main/secrets/keytar';

const code = await runDoctorCli(process.argv.slice(2), {
  env: process.env,
  secrets: () => new KeytarSecretStore(undefined, undefined, 10_000),
  write: (text) => process.stdout.write(text),
});
process.exitCode = code;
