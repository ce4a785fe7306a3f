/**
 * The five collective mediations of the founding document (../shared/seed/cessez-le-feu.txt), as the demo
 * data of a fresh installation. Summaries describe the problem as the document does (conditional tense:
 * these are allegations until a mediation settles them); goals are its « L’objectif » paragraphs.
 */
export interface DemoEligibilityQuestion {
  textFr: string;
  textEn: string;
  /** The answer that makes a consumer eligible. */
  requiredAnswer: boolean;
}

export interface DemoMediation {
  company: { slug: string; name: string };
  slug: string;
  titleFr: string;
  titleEn: string;
  summaryFr: string;
  summaryEn: string;
  goalFr: string;
  goalEn: string;
  questions: DemoEligibilityQuestion[];
}

/**
 * Registration stays open a month, long enough to gather a group and no longer than registration may
 * last (`REGISTRATION_MAX_DAYS`, 30 by default: the 90-day limit starts with the first file received).
 */
export const DEMO_REGISTRATION_DAYS = 30;

/**
 * French typography: a non-breaking space before « : ; ! ? » and inside guillemets, so a line never
 * breaks before the punctuation. The texts below are written with plain spaces for readability.
 */
export function frenchSpacing(text: string): string {
  return text.replace(/ ([:;!?»])/g, '\u00a0$1').replace(/« /g, '«\u00a0');
}

const raw: DemoMediation[] = [
  {
    company: { slug: 'red-by-sfr', name: 'RED by SFR' },
    slug: 'red-by-sfr',
    titleFr: 'Frais supplémentaires avec RED by SFR',
    titleEn: 'Extra fees with RED by SFR',
    summaryFr:
      'Plusieurs problèmes de frais supplémentaires auraient été rencontrés avec RED by SFR, opérateur de ' +
      'téléphonie mobile et fournisseur d’accès à Internet. D’une part, des forfaits « enrichis » (data ' +
      'supplémentaire) en échange d’une hausse des mensualités, sans l’accord des clients, c’est-à-dire en ' +
      'l’absence de réaction de leur part : il était possible de refuser, mais les clients se seraient heurtés ' +
      'à la complexité et à la difficulté du refus. D’autre part, des demandes d’offres ou de devis pour de ' +
      'nouveaux produits, validées automatiquement après quelques jours sans réponse de leur part. Baladés de ' +
      'service en service, certains clients ne seraient pas parvenus à régler leur litige.',
    summaryEn:
      'Customers of RED by SFR, the mobile phone operator and internet provider, report several kinds of ' +
      'extra fees. First, plans “enriched” with extra data in exchange for a higher monthly fee, without the ' +
      'customers’ agreement — that is, simply because they did not react: refusing was possible, but ' +
      'customers say it was complicated and hard to do. Second, requests for offers or quotes for new ' +
      'products that were automatically confirmed after a few days without an answer from them. Passed from ' +
      'one department to another, some customers could not get their dispute settled.',
    goalFr: 'Cette médiation vise à obtenir un accord pour le remboursement des frais supplémentaires.',
    goalEn: 'This mediation seeks an agreement to refund the extra fees.',
    questions: [
      {
        textFr: 'Êtes-vous, ou avez-vous été, client·e de RED by SFR ?',
        textEn: 'Are you, or were you, a RED by SFR customer?',
        requiredAnswer: true,
      },
      {
        textFr:
          'Vous a-t-on facturé des frais supplémentaires (hausse de forfait, option ou nouveau produit) que vous ' +
          'n’aviez pas acceptés expressément ?',
        textEn:
          'Were you charged extra fees (a higher plan, an option or a new product) that you had not expressly ' +
          'accepted?',
        requiredAnswer: true,
      },
      {
        textFr: 'Avez-vous déjà été remboursé·e de ces frais par RED by SFR ?',
        textEn: 'Has RED by SFR already refunded these fees to you?',
        requiredAnswer: false,
      },
    ],
  },
  {
    company: { slug: 'sfam', name: 'SFAM' },
    slug: 'sfam',
    titleFr: 'Abonnement non consenti avec l’assurance SFAM',
    titleEn: 'Unconsented SFAM insurance subscription',
    summaryFr:
      'Plus d’un millier de plaintes auraient été déposées en 2019 par des consommateurs qui estiment avoir ' +
      'été trompés, le plus souvent au moment de l’achat d’un téléphone portable ou d’une tablette (à la FNAC ' +
      'pour la plupart). En signant des documents pour bénéficier d’une réduction sur le prix d’achat, ils ' +
      'auraient en réalité souscrit un contrat d’assurance au bénéfice de la SFAM. Des prélèvements mensuels ' +
      'seraient ainsi apparus sur leur compte bancaire pour une assurance mobile ou multimédia à laquelle ils ' +
      'n’avaient pas souscrit, ou du moins pas sciemment.',
    summaryEn:
      'More than a thousand complaints were reportedly filed in 2019 by consumers who feel they were misled, ' +
      'usually when buying a mobile phone or a tablet (mostly at FNAC). By signing documents to get a discount ' +
      'on the price, they were in fact signing up for an insurance contract for the benefit of SFAM. Monthly ' +
      'direct debits then appeared on their bank account for mobile or multimedia insurance they had not ' +
      'subscribed to — or at least not knowingly.',
    goalFr:
      'Cette médiation est ouverte afin de permettre aux victimes qui n’ont pas pu faire de réclamation avant ' +
      'le 31 août 2019 de demander le remboursement des sommes prélevées par la SFAM.',
    goalEn:
      'This mediation is open so that victims who could not file a claim before 31 August 2019 can ask for ' +
      'the refund of the sums SFAM debited.',
    questions: [
      {
        textFr: 'Des prélèvements SFAM sont-ils apparus sans que vous ayez souscrit sciemment ?',
        textEn: 'Did SFAM direct debits appear without you knowingly subscribing?',
        requiredAnswer: true,
      },
      {
        textFr: 'Avez-vous déjà obtenu un remboursement de la SFAM ?',
        textEn: 'Have you already obtained a refund from SFAM?',
        requiredAnswer: false,
      },
    ],
  },
  {
    company: { slug: 'instagram', name: 'Instagram' },
    slug: 'instagram-fausses-publicites',
    titleFr: 'Fausses publicités sur Instagram',
    titleEn: 'Fake ads on Instagram',
    summaryFr:
      'Vêtements de marque (par exemple des parkas The North Face pour une dizaine d’euros ou des chaussures ' +
      'Nike pour 40 euros), lunettes Ray-Ban à 29 euros, imprimantes… Nombreuses sont les publicités de ce ' +
      'genre vues sur Instagram, et nombreuses sont les personnes qui se plaignent de ne jamais avoir reçu le ' +
      'produit commandé après l’avoir payé.',
    summaryEn:
      'Designer clothes (for instance The North Face parkas for about ten euros or Nike shoes for 40 euros), ' +
      'Ray-Ban sunglasses for 29 euros, printers… Many such ads are seen on Instagram, and many people ' +
      'complain that they never received the product they ordered and paid for.',
    goalFr:
      'Cette médiation vise à privilégier le dialogue et à obtenir le remboursement des produits issus de ' +
      'fausses publicités auprès d’Instagram, en sa qualité et sous sa responsabilité d’hébergeur.',
    goalEn:
      'This mediation seeks dialogue and the refund of products bought through fake ads, from Instagram in ' +
      'its capacity as host and under its responsibility as such.',
    questions: [
      {
        textFr: 'Avez-vous commandé et payé un produit vu dans une publicité sur Instagram ?',
        textEn: 'Did you order and pay for a product you saw in an ad on Instagram?',
        requiredAnswer: true,
      },
      {
        textFr: 'Avez-vous reçu le produit commandé ?',
        textEn: 'Did you receive the product you ordered?',
        requiredAnswer: false,
      },
    ],
  },
  {
    company: { slug: 'prepaid-financial-services', name: 'Prepaid Financial Services' },
    slug: 'prepaid-financial-services',
    titleFr: 'Prepaid Financial Services et escroqueries sur internet',
    titleEn: 'Prepaid Financial Services and online scams',
    summaryFr:
      'Plusieurs forums de discussion font état d’escroqueries commises sur internet selon un mode opératoire ' +
      'identique : de prétendus vendeurs publient des annonces de vente de produits ou de services sur des ' +
      'sites comme Leboncoin, demandent d’abord aux acheteurs un paiement par virement sur un compte bancaire ' +
      'ouvert au préalable puis, une fois le virement reçu, suppriment leur compte et ne fournissent jamais le ' +
      'bien ou le service acheté. Ces escroqueries, dont les auteurs restent généralement introuvables, ' +
      'auraient été réalisées grâce à l’utilisation temporaire d’un compte bancaire Prepaid Financial Services.',
    summaryEn:
      'Several discussion forums report online scams that all work the same way: so-called sellers post ads ' +
      'for products or services on websites such as Leboncoin, first ask buyers to pay by bank transfer to an ' +
      'account opened beforehand, then, once the transfer has arrived, delete their account and never deliver ' +
      'what the buyer paid for. These scams, whose authors usually cannot be found, were reportedly carried out ' +
      'through the temporary use of a Prepaid Financial Services bank account.',
    goalFr:
      'Cette proposition de médiation consiste à demander à la société de services financiers Prepaid ' +
      'Financial Services le remboursement des sommes versées sur les comptes bancaires litigieux. En effet, ' +
      'la banque a une obligation de vigilance : elle doit procéder à toutes les vérifications utiles avant ' +
      'd’ouvrir un compte dans son établissement, et doit répondre du préjudice subi en cas de manquement.',
    goalEn:
      'This mediation asks the financial services company Prepaid Financial Services to refund the sums paid ' +
      'into the disputed bank accounts. A bank has a duty of vigilance: it must make every useful check before ' +
      'opening an account with it, and must answer for the harm caused when it fails to do so.',
    questions: [
      {
        textFr:
          'Avez-vous payé par virement un vendeur sur internet (par exemple sur Leboncoin) sans jamais recevoir ' +
          'le bien ou le service acheté ?',
        textEn:
          'Did you pay an online seller (for instance on Leboncoin) by bank transfer without ever receiving what ' +
          'you bought?',
        requiredAnswer: true,
      },
      {
        textFr: 'Le compte qui a reçu votre virement était-il un compte Prepaid Financial Services ?',
        textEn: 'Was the account that received your transfer a Prepaid Financial Services account?',
        requiredAnswer: true,
      },
      {
        textFr: 'Avez-vous déjà été remboursé·e de cette somme ?',
        textEn: 'Have you already been refunded this sum?',
        requiredAnswer: false,
      },
    ],
  },
  {
    company: { slug: 'kuvera', name: 'KUVERA LLC / KUVERA France' },
    slug: 'kuvera',
    titleFr: 'KUVERA et services d’aide en stratégie financière',
    titleEn: 'KUVERA and financial strategy services',
    summaryFr:
      'La société KUVERA LLC / KUVERA France vend des abonnements et des formations à des outils logiciels ' +
      'présentés comme une aide à l’investissement en trading sur le Forex et sur les crypto-actifs, des ' +
      'placements qui seraient très risqués selon l’AMF (Autorité des marchés financiers). Ces offres ' +
      'viseraient tout particulièrement un public très jeune. En parallèle, la société permet à ses adhérents ' +
      'de percevoir une rémunération qui augmente mécaniquement avec le nombre de nouveaux adhérents qu’ils ' +
      'recrutent. Contrairement aux promesses faites grâce à ce système de parrainage, de nombreuses personnes ' +
      'auraient perdu de fortes sommes d’argent dans ces abonnements.',
    summaryEn:
      'KUVERA LLC / KUVERA France sells subscriptions and training in software tools presented as an aid to ' +
      'trading investments on Forex and crypto-assets, which the AMF (the French financial markets authority) ' +
      'considers very risky. These offers reportedly target very young people in particular. Alongside, the ' +
      'company lets its members earn an income that grows mechanically with the number of new members they ' +
      'recruit. Contrary to the promises made through this referral scheme, many people are said to have lost ' +
      'large sums of money in these subscriptions.',
    goalFr:
      'Cessez-le-feu a été contactée par plusieurs de ces victimes : cette médiation vise à obtenir le ' +
      'remboursement des sommes perdues.',
    goalEn:
      'Several of these victims contacted Cessez-le-feu: this mediation seeks the refund of the sums lost.',
    questions: [
      {
        textFr: 'Avez-vous payé un abonnement ou une formation KUVERA ?',
        textEn: 'Did you pay for a KUVERA subscription or training?',
        requiredAnswer: true,
      },
      {
        textFr: 'Avez-vous déjà été remboursé·e par KUVERA ?',
        textEn: 'Has KUVERA already refunded you?',
        requiredAnswer: false,
      },
    ],
  },
];

export const demoMediations: readonly DemoMediation[] = raw.map((demo) => ({
  ...demo,
  titleFr: frenchSpacing(demo.titleFr),
  summaryFr: frenchSpacing(demo.summaryFr),
  goalFr: frenchSpacing(demo.goalFr),
  questions: demo.questions.map((question) => ({ ...question, textFr: frenchSpacing(question.textFr) })),
}));
