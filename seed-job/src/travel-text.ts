import { faker } from './seeded-faker';
import { type Random } from './random';

// The texts a travel app's users write and receive; faker fills in places, people and things.
// Callers seed faker first, so every text is reproducible.

const chatTemplates: (() => string)[] = [
  () =>
    `Landing in ${faker.location.city()} at ${faker.number.int({ min: 6, max: 23 })}:${faker.helpers.arrayElement(['00', '15', '30', '45'])}`,
  () => `Who's bringing the ${faker.commerce.productName().toLowerCase()}?`,
  () => `Found a great place to eat near ${faker.location.street()}`,
  () =>
    `Booked! ${faker.number.int({ min: 2, max: 9 })} nights, ${faker.finance.amount({ min: 40, max: 400, dec: 0, symbol: '€' })} each`,
  () =>
    `Anyone up for ${faker.helpers.arrayElement(['a hike', 'the museum', 'a boat tour', 'the beach', 'karaoke'])} tomorrow?`,
  () =>
    faker.helpers.arrayElement([
      'On my way!',
      'Sounds good 👍',
      'See you there',
      'Running late, sorry',
      'Photos coming soon 📸',
    ]),
  () =>
    `Don't forget your ${faker.helpers.arrayElement(['passport', 'charger', 'sunscreen', 'swimsuit', 'rain jacket'])}`,
];

export function chatLine(random: Random): string {
  return random.pick(chatTemplates)();
}

export interface NotificationText {
  type: string;
  message: string;
  data: Record<string, string>;
}

export function notificationText(
  random: Random,
  other: { id: string; name: string },
  groupId: string | undefined,
): NotificationText {
  const kinds: (() => NotificationText)[] = [
    () => ({
      type: 'friend.accepted',
      message: `${other.name} accepted your friend request`,
      data: { userId: other.id },
    }),
    () => ({
      type: 'message.received',
      message: `New message from ${other.name}`,
      data: { userId: other.id },
    }),
    () => ({
      type: 'trip.reminder',
      message: `Your trip to ${faker.location.city()} starts in ${random.int(1, 15)} days`,
      data: {},
    }),
  ];
  if (groupId)
    kinds.push(() => ({
      type: 'group.joined',
      message: `${other.name} joined your group`,
      data: { groupId, userId: other.id },
    }));
  return random.pick(kinds)();
}

export const travelNote = {
  group(destination: string, createdAt: Date): { name: string; description: string } {
    const kind = faker.helpers.arrayElement([
      'trip',
      'getaway',
      'road trip',
      'hiking crew',
      'beach week',
      'city break',
    ]);
    return {
      name: `${destination} ${kind} ${createdAt.getUTCFullYear()}`,
      description: `${faker.helpers.arrayElement(['Planning', 'Organising', 'Sharing everything about'])} our ${kind} to ${destination}: ${faker.lorem.sentence({ min: 4, max: 10 })}`,
    };
  },

  text(city: string): { fileName: string; contentType: string; bytes: Buffer } {
    const lines = [
      `Itinerary: ${city}`,
      '',
      ...Array.from(
        { length: faker.number.int({ min: 3, max: 12 }) },
        (_, day) =>
          `Day ${day + 1}: ${faker.helpers.arrayElement(['Visit', 'Walk to', 'Lunch at', 'Check in at'])} ${faker.location.street()}`,
      ),
    ];
    return {
      fileName: `itinerary-${slug(city)}.txt`,
      contentType: 'text/plain',
      bytes: Buffer.from(`${lines.join('\n')}\n`),
    };
  },

  pdf(
    city: string,
    render: (lines: string[]) => Buffer,
  ): { fileName: string; contentType: string; bytes: Buffer } {
    const reference = faker.string.alphanumeric({ length: 8, casing: 'upper' });
    const lines = [
      'Booking confirmation',
      `Reference: ${reference}`,
      `Hotel: ${faker.company.name()}, ${city}`,
      `Guest: ${faker.person.fullName()}`,
      `Nights: ${faker.number.int({ min: 1, max: 14 })}`,
    ];
    return {
      fileName: `booking-${reference.toLowerCase()}.pdf`,
      contentType: 'application/pdf',
      bytes: render(lines),
    };
  },
};

function slug(text: string): string {
  return (
    text
      .normalize('NFD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'trip'
  );
}
