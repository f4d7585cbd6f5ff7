import { errorCatalog as pwpErrors } from '../../../generated/pay-with-points/errors.ts';
import { api as pwpApi, operations as pwpOperations } from '../../../generated/pay-with-points/operations.ts';
import { validators as pwpValidators } from '../../../generated/pay-with-points/validators.ts';
import { errorCatalog as rwdErrors } from '../../../generated/rewards-apac/errors.ts';
import { api as rwdApi, operations as rwdOperations } from '../../../generated/rewards-apac/operations.ts';
import { validators as rwdValidators } from '../../../generated/rewards-apac/validators.ts';
import { errorCatalog as authErrors } from '../../../generated/authorize/errors.ts';
import { api as authApi, operations as authOperations } from '../../../generated/authorize/operations.ts';
import { validators as authValidators } from '../../../generated/authorize/validators.ts';
import type { ApiDefinition } from '@pwpkit/runtime';

/** The generated tables of each API the mock serves, as the client runtime takes them. */
export const payWithPoints: ApiDefinition = {
  api: pwpApi,
  operations: pwpOperations,
  validators: pwpValidators,
  errorCatalog: pwpErrors,
};
export const rewardsApac: ApiDefinition = {
  api: rwdApi,
  operations: rwdOperations,
  validators: rwdValidators,
  errorCatalog: rwdErrors,
};

/**
 * The Authorize API: served by authorize/routes.ts (its OAuth calls do not take the bearer
 * pipeline), not listed below.
 */
export const authorizeApi: ApiDefinition = {
  api: authApi,
  operations: authOperations,
  validators: authValidators,
  errorCatalog: authErrors,
};

/** Every API the sandbox serves through the operation pipeline (an operation in two specs: the first wins). */
export const servedApis: readonly ApiDefinition[] = [payWithPoints, rewardsApac];
