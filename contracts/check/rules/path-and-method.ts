import { defineRule } from './rule.ts';

/** The request's path (basePath included: pacts hold full paths) and method are documented. */
export const pathAndMethodRule = defineRule(
  'path-and-method',
  'the request path (with the basePath) and method are documented by one of the specs',
  ({ interaction, match }) => {
    const { method, path, pointer } = interaction.request;
    const call = `${method.toUpperCase()} ${path}`;
    if (match.kind === 'path-not-documented') {
      return [
        {
          code: 'path-not-documented',
          pointer: `${pointer}/path`,
          message: `${call}: no spec documents this path${match.hint ? ` (${match.hint})` : ''}`,
        },
      ];
    }
    if (match.kind === 'method-not-documented') {
      return [
        {
          code: 'method-not-documented',
          pointer: `${pointer}/method`,
          message: `${call}: ${match.path} is documented for ${match.methods.join(', ')} only`,
        },
      ];
    }
    return [];
  },
);
