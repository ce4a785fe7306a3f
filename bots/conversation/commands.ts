/**
 * The consumer commands of product.md §6, in the order platforms show them in their command menus. Their
 * names stay French in every language (they are what the texts tell people to type).
 */
export const consumerCommands = [
  'start',
  'mediations',
  'mesdossiers',
  'voter',
  'retirer',
  'langue',
  'aide',
  'faq',
  'contact',
  'confidentialite',
  'mesdonnees',
  'lier',
  'delier',
  'supprimer',
  'annuler',
] as const;
