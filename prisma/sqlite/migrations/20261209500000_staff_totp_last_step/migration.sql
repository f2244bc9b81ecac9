-- Staff sign-in: the time step of the last TOTP code accepted, so that a code cannot be used twice (RFC 6238 5.2).
-- AlterTable
ALTER TABLE "StaffAccount" ADD COLUMN "totpLastStep" INTEGER;
