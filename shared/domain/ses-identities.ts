/** The identities that can authorize sending as `address`: the address itself, its domain, then each parent domain. */
export function sesIdentityCandidates(address: string): string[] {
  const at = address.lastIndexOf('@');
  const labels = address.slice(at + 1).toLowerCase().split('.');
  const domains = labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
  return at === -1 ? domains : [address, ...domains];
}
