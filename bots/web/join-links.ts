import QRCode from 'qrcode';

/** Where people join a mediation: the Telegram bot's deep link, the community's Discord server. */
export interface JoinPlaces {
  /** The Telegram bot's username (without @): `t.me/<bot>?start=<slug>` opens the mediation. */
  telegramBot?: string;
  /** An invitation to the Discord server where the bot runs. */
  discordInvite?: string;
}

export function telegramDeepLink(bot: string, slug: string): string {
  return `https://t.me/${encodeURIComponent(bot)}?start=${encodeURIComponent(slug)}`;
}

const qrCache = new Map<string, string>();

/** The deep link as an SVG QR code, to scan from a phone; drawn once per link. */
export async function qrSvg(link: string): Promise<string> {
  let svg = qrCache.get(link);
  if (!svg) {
    svg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    if (qrCache.size > 1000) qrCache.clear();
    qrCache.set(link, svg);
  }
  return svg;
}
