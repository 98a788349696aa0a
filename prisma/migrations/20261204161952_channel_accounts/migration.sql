-- User.telegramId becomes a ChannelAccount ("telegram", the id in decimal): one account per
-- existing user, copied before the column goes. An InviteFailure, kept by Telegram id until
-- now, is kept by the user of that id; one whose id has no user is dropped (it only ever
-- counted towards a one-hour limit).

-- CreateTable
CREATE TABLE "ChannelAccount" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ChannelAccount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- MoveData
INSERT INTO "ChannelAccount" ("userId", "channel", "externalId", "createdAt")
SELECT "id", 'telegram', CAST("telegramId" AS TEXT), "createdAt" FROM "User" ORDER BY "id";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_InviteFailure" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "InviteFailure_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_InviteFailure" ("createdAt", "id", "userId") SELECT "InviteFailure"."createdAt", "InviteFailure"."id", "User"."id" FROM "InviteFailure" JOIN "User" ON "User"."telegramId" = "InviteFailure"."telegramId";
DROP TABLE "InviteFailure";
ALTER TABLE "new_InviteFailure" RENAME TO "InviteFailure";
CREATE INDEX "InviteFailure_userId_createdAt_idx" ON "InviteFailure"("userId", "createdAt");
CREATE TABLE "new_User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "displayName" TEXT NOT NULL,
    "languageCode" TEXT,
    "locale" TEXT,
    "timezone" TEXT,
    "quietStart" INTEGER,
    "quietEnd" INTEGER,
    "unreachableAt" DATETIME,
    "erasedAt" DATETIME,
    "phone" TEXT,
    "freeStart" INTEGER,
    "freeEnd" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_User" ("createdAt", "displayName", "erasedAt", "freeEnd", "freeStart", "id", "languageCode", "locale", "phone", "quietEnd", "quietStart", "timezone", "unreachableAt", "updatedAt") SELECT "createdAt", "displayName", "erasedAt", "freeEnd", "freeStart", "id", "languageCode", "locale", "phone", "quietEnd", "quietStart", "timezone", "unreachableAt", "updatedAt" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ChannelAccount_userId_idx" ON "ChannelAccount"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelAccount_channel_externalId_key" ON "ChannelAccount"("channel", "externalId");
