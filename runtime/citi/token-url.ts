/** Citi's OAuth grants, each under its own path: `<api root>/<grant>/oauth2/token/<country>/<business>`. */
export type CitiGrant = 'clientCredentials' | 'authCode' | 'cardAuth';

/** The token URL of one of Citi's grants, written once for the Authorize grant token sources. */
export function citiTokenUrl(apiRoot: string, grant: CitiGrant, countryCode: string, businessCode = 'gcb'): string {
  return `${apiRoot}/${grant}/oauth2/token/${countryCode.toLowerCase()}/${businessCode.toLowerCase()}`;
}
