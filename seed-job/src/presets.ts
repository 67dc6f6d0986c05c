/** How much the seeder writes; a preset fixes all of it, flags override single sizes. */
export interface Sizes {
  users: number;
  groups: number;
  /** Edges each joining user adds to the social graph (the m of Barabási–Albert). */
  friendsPerUser: number;
  /** Direct conversations, each between two friends (groups have one conversation each too). */
  conversations: number;
  /** The mean; counts are long-tailed. */
  messagesPerConversation: number;
  /** The mean; counts are long-tailed. */
  notificationsPerUser: number;
  /** Extra members per group besides the owner, on average. */
  membersPerGroup: number;
  files: number;
}

export const presets = {
  // Seconds on a laptop: what the tests seed.
  small: {
    users: 200,
    groups: 20,
    friendsPerUser: 3,
    conversations: 150,
    messagesPerConversation: 8,
    notificationsPerUser: 4,
    membersPerGroup: 8,
    files: 40,
  },
  // Under a minute on the idle 2-core development machine, minutes when it is busy (README,
  // Speed): a dataset to click through and to load-test against.
  medium: {
    users: 20_000,
    groups: 2_000,
    friendsPerUser: 5,
    conversations: 20_000,
    messagesPerConversation: 10,
    notificationsPerUser: 5,
    membersPerGroup: 10,
    files: 2_000,
  },
  large: {
    users: 200_000,
    groups: 20_000,
    friendsPerUser: 8,
    conversations: 300_000,
    messagesPerConversation: 15,
    notificationsPerUser: 8,
    membersPerGroup: 12,
    files: 20_000,
  },
} satisfies Record<string, Sizes>;

export type PresetName = keyof typeof presets;

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(presets, name);
}
