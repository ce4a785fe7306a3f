/** How each platform is named to people (the same in both languages). */
const platformNames: Record<string, string> = {
  TELEGRAM: 'Telegram',
  DISCORD: 'Discord',
  SLACK: 'Slack',
  CONSOLE: 'Terminal',
};

export const platformName = (platform: string): string => platformNames[platform] ?? platform;
